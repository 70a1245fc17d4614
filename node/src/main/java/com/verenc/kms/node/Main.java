package com.verenc.kms.node;

import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.logging.KmsLogEncoder;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
      say("kms-node: cannot start: " + e.getMessage(), true);
      System.exit(2);
      return;
    }
    say(
        String.format(
            "Verenc KMS node up: zone %s, endpoint %s://%s:%d, database %s%s",
            node.settings().zone(),
            node.settings().httpTls().enabled() ? "https" : "http",
            node.httpHost(),
            node.httpPort(),
            node.settings().database().describe(),
            node.managementPort()
                .map(p -> ", management http://" + node.settings().managementHost() + ":" + p)
                .orElse("")),
        false);
    reloadCredentialsOnHangup(node);
    node.awaitTermination();
  }

  /**
   * SIGHUP re-reads the credentials file (the JVM would otherwise shut down on it, which an
   * operator sending the conventional reload signal does not expect).
   */
  private static void reloadCredentialsOnHangup(KmsNode node) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"), signal -> node.reloadCredentials("SIGHUP"));
    } catch (IllegalArgumentException unavailable) {
      // No SIGHUP on this platform, or the JVM runs with -Xrs: the file is still checked at
      // intervals.
    }
  }

  /** A line for the operator: printed, or a log record when the node logs JSON (one per line). */
  private static void say(String line, boolean error) {
    if (KmsLogEncoder.jsonConfigured()) {
      Logger log = LoggerFactory.getLogger(Main.class);
      if (error) {
        log.error(line);
      } else {
        log.info(line);
      }
    } else if (error) {
      System.err.println(line);
    } else {
      System.out.println(line);
    }
  }
}
