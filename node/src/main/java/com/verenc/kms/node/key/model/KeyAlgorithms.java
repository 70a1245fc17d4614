package com.verenc.kms.node.key.model;

import java.util.List;

/**
 * The algorithms a key offers, by family, as its metadata and GetPublicKey show them; a family the
 * key does not serve is empty.
 */
public record KeyAlgorithms(
    List<String> encryption, List<String> signing, List<String> mac, List<String> keyAgreement) {

  public KeyAlgorithms {
    encryption = List.copyOf(encryption);
    signing = List.copyOf(signing);
    mac = List.copyOf(mac);
    keyAgreement = List.copyOf(keyAgreement);
  }

  public static KeyAlgorithms encryption(List<String> algorithms) {
    return new KeyAlgorithms(algorithms, List.of(), List.of(), List.of());
  }

  public static KeyAlgorithms signing(List<String> algorithms) {
    return new KeyAlgorithms(List.of(), algorithms, List.of(), List.of());
  }

  public static KeyAlgorithms mac(List<String> algorithms) {
    return new KeyAlgorithms(List.of(), List.of(), algorithms, List.of());
  }

  public static KeyAlgorithms keyAgreement(List<String> algorithms) {
    return new KeyAlgorithms(List.of(), List.of(), List.of(), algorithms);
  }

  /**
   * A family's list as the wire shows it: AWS leaves out the lists of families the key does not
   * serve, so an empty one is null.
   */
  public static List<String> onWire(List<String> family) {
    return family.isEmpty() ? null : family;
  }
}
