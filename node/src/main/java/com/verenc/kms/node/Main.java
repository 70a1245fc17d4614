package com.verenc.kms.node;

import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.time.Clock;

/** Starts a node from application.conf and the KMS_* environment variables. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    KmsNode node;
    try {
      node = KmsNode.start(ConfigFactory.empty(), Clock.systemUTC());
    } catch (InvalidSettingException
        | DatabaseUnavailableException
        | com.verenc.kms.crypto.CryptoException e) {
      System.err.println("kms-node: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(
        "Verenc KMS node up: zone %s, endpoint http://%s:%d, database %s%s%n",
        node.settings().zone(),
        node.httpHost(),
        node.httpPort(),
        node.settings().database().describe(),
        node.managementPort()
            .map(p -> ", management http://" + node.settings().managementHost() + ":" + p)
            .orElse(""));
    node.awaitTermination();
  }
}
