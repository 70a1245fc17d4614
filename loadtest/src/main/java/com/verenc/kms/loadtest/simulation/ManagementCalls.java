package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;
import java.util.UUID;

/**
 * The management round a user does in Mixed and Smoke: CreateKey, DescribeKey, CreateAlias,
 * ListKeys.
 */
final class ManagementCalls {
  private ManagementCalls() {}

  /** The request names of a round, in order. */
  static final List<String> NAMES = List.of("CreateKey", "DescribeKey", "CreateAlias", "ListKeys");

  static ChainBuilder round(KmsCalls kms) {
    return exec(session -> session.set("aliasSuffix", UUID.randomUUID().toString()))
        .exec(kms.createKey("CreateKey"))
        .exec(kms.describeKey("DescribeKey"))
        .exec(kms.createAlias("CreateAlias"))
        .exec(kms.listKeys("ListKeys"));
  }
}
