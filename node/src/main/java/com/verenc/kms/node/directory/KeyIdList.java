package com.verenc.kms.node.directory;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import scala.collection.immutable.HashSet;
import scala.collection.immutable.HashSet$;
import scala.collection.immutable.Vector;
import scala.collection.immutable.Vector$;

/**
 * An account's key ids in creation order, immutable, with appends and membership tests in
 * effectively constant time: an account can hold 100,000 keys, and copying a plain list on every
 * CreateKey (and scanning it on every key recovery) was quadratic. Built on Scala's persistent
 * Vector and HashSet (already on the classpath with Pekko) so that a snapshot being serialized on
 * another thread keeps seeing the version it was given. Serializes as a plain JSON/CBOR array, the
 * format snapshots had before.
 */
final class KeyIdList extends AbstractList<String> implements RandomAccess {

  private static final KeyIdList EMPTY =
      new KeyIdList(Vector$.MODULE$.<String>empty(), HashSet$.MODULE$.<String>empty());

  private final Vector<String> order;
  private final HashSet<String> members;

  private KeyIdList(Vector<String> order, HashSet<String> members) {
    this.order = order;
    this.members = members;
  }

  static KeyIdList empty() {
    return EMPTY;
  }

  /** The ids of {@code keyIds} in their order, each once. */
  static KeyIdList of(List<String> keyIds) {
    if (keyIds instanceof KeyIdList list) {
      return list;
    }
    KeyIdList result = EMPTY;
    for (String keyId : keyIds) {
      result = result.with(keyId);
    }
    return result;
  }

  /** This list with {@code keyId} appended, or this list when it already holds it. */
  KeyIdList with(String keyId) {
    if (members.contains(keyId)) {
      return this;
    }
    return new KeyIdList(append(order, keyId), members.incl(keyId));
  }

  /** This list without {@code keyId}; linear, but only a destroyed key's removal pays it. */
  KeyIdList without(String keyId) {
    if (!members.contains(keyId)) {
      return this;
    }
    Vector<String> rest = EMPTY.order;
    for (int i = 0; i < order.length(); i++) {
      String id = order.apply(i);
      if (!id.equals(keyId)) {
        rest = append(rest, id);
      }
    }
    return new KeyIdList(rest, members.excl(keyId));
  }

  @SuppressWarnings("unchecked")
  private static Vector<String> append(Vector<String> order, String keyId) {
    // Through SeqOps: on Vector itself javac finds Scala's bridge methods ambiguous.
    scala.collection.SeqOps<String, ?, ?> ops = order;
    return (Vector<String>) ops.appended(keyId);
  }

  @Override
  public String get(int index) {
    if (index < 0 || index >= order.length()) {
      throw new IndexOutOfBoundsException(index);
    }
    return order.apply(index);
  }

  @Override
  public int size() {
    return order.length();
  }

  @Override
  public boolean contains(Object o) {
    return o instanceof String keyId && members.contains(keyId);
  }
}
