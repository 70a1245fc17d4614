package com.verenc.kms.node.key.model;

import com.verenc.kms.crypto.AsymmetricKeys;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.Hmac;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A key spec as AWS defines it: the crypto library says which algorithms fit the spec's key (a
 * curve's hash, an HMAC's digest); this says which usages a key may have, what each usage serves,
 * and that only symmetric encryption keys rotate.
 */
final class StandardKeyType implements KeyType {
  private final KeySpec spec;
  private final com.verenc.kms.crypto.KeySpec primitive;
  private final List<KeyUsage> usages;
  // Built once: Encrypt and Decrypt consult the algorithms on every request.
  private final Map<KeyUsage, KeyAlgorithms> algorithms = new EnumMap<>(KeyUsage.class);

  StandardKeyType(KeySpec spec, com.verenc.kms.crypto.KeySpec primitive) {
    this.spec = spec;
    this.primitive = primitive;
    this.usages = primitive.keyUsages().stream().map(u -> KeyUsage.valueOf(u.name())).toList();
    for (KeyUsage usage : KeyUsage.values()) {
      algorithms.put(usage, algorithmsOf(primitive, usage));
    }
  }

  @Override
  public KeySpec spec() {
    return spec;
  }

  @Override
  public com.verenc.kms.crypto.KeySpec primitive() {
    return primitive;
  }

  @Override
  public List<KeyUsage> usages() {
    return usages;
  }

  @Override
  public KeyAlgorithms algorithms(KeyUsage usage) {
    return algorithms.get(usage);
  }

  private static KeyAlgorithms algorithmsOf(
      com.verenc.kms.crypto.KeySpec primitive, KeyUsage usage) {
    return switch (usage) {
      case ENCRYPT_DECRYPT -> KeyAlgorithms.encryption(names(primitive.encryptionAlgorithms()));
      case SIGN_VERIFY -> KeyAlgorithms.signing(names(primitive.signingAlgorithms()));
      case GENERATE_VERIFY_MAC -> KeyAlgorithms.mac(names(primitive.macAlgorithms()));
      case KEY_AGREEMENT -> KeyAlgorithms.keyAgreement(names(primitive.keyAgreementAlgorithms()));
    };
  }

  @Override
  public boolean serves(KeyUsage usage, CryptoOperation operation) {
    if (!usages.contains(usage)) {
      return false;
    }
    return switch (operation) {
      case ENCRYPT, DECRYPT -> usage == KeyUsage.ENCRYPT_DECRYPT;
      case GENERATE_DATA_KEY -> spec == KeySpec.SYMMETRIC_DEFAULT;
      case GENERATE_MAC, VERIFY_MAC -> usage == KeyUsage.GENERATE_VERIFY_MAC;
      case SIGN, VERIFY -> usage == KeyUsage.SIGN_VERIFY;
      case GET_PUBLIC_KEY -> primitive.isAsymmetric();
      case DERIVE_SHARED_SECRET -> usage == KeyUsage.KEY_AGREEMENT;
    };
  }

  @Override
  public boolean rotates() {
    return spec == KeySpec.SYMMETRIC_DEFAULT;
  }

  @Override
  public boolean asymmetric() {
    return primitive.isAsymmetric();
  }

  @Override
  public byte[] newMaterial() {
    if (primitive.isHmac()) {
      return Hmac.newKey(primitive);
    }
    if (primitive.isAsymmetric()) {
      return AsymmetricKeys.generate(primitive);
    }
    return Envelope.newMaterial();
  }

  private static List<String> names(List<? extends Enum<?>> algorithms) {
    return algorithms.stream().map(Enum::name).toList();
  }
}
