package com.verenc.kms.node.cluster;

import com.verenc.kms.node.config.NodeSettings;
import java.time.Duration;
import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * What the KMS's management routes read of the node's configuration: the node's settings, and how
 * long they wait for a zone's answer ({@code kms.management.cluster-status-timeout}).
 */
record ManagementSettings(NodeSettings node, Duration timeout) {

  static ManagementSettings of(ExtendedActorSystem system) {
    return new ManagementSettings(
        NodeSettings.from(system.settings().config()),
        system.settings().config().getDuration("kms.management.cluster-status-timeout"));
  }
}
