package com.verenc.kms.node.directory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Alias names that belong to the platform: AWS's own prefix, and the Default Organization Key's.
 */
public final class ReservedAliases {
  private static final List<String> PREFIXES = List.of("alias/aws/", "alias/verenc/");

  private ReservedAliases() {}

  /**
   * The reserved prefix {@code aliasName} starts with, compared case-insensitively: {@code
   * alias/Verenc/x} would read as the platform's to a person.
   */
  public static Optional<String> prefixOf(String aliasName) {
    String lowerCase = aliasName.toLowerCase(Locale.ROOT);
    return PREFIXES.stream().filter(lowerCase::startsWith).findFirst();
  }
}
