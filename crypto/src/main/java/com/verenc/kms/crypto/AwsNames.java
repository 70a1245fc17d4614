package com.verenc.kms.crypto;

import java.util.Objects;

/** Parses AWS enum strings into this package's enums, whose constants are named exactly so. */
final class AwsNames {

  private AwsNames() {}

  static <E extends Enum<E>> E parse(Class<E> type, String member, String awsName) {
    Objects.requireNonNull(awsName, member);
    try {
      return Enum.valueOf(type, awsName);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(member + " " + awsName + " is not supported");
    }
  }
}
