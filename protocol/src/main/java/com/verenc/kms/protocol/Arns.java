package com.verenc.kms.protocol;

/**
 * The ARNs one node hands out and recognizes as its own. In the {@code aws} dialect they are
 * AWS-form, {@code arn:<partition>:kms:<zone>:<account>:key/<id>} and {@code ...:alias/<name>},
 * because the AWS Encryption SDKs and other AWS tools parse ARNs and take the region from them; the
 * zone is the one that answers, so a replica's ARN names its own zone, as AWS multi-Region keys do.
 * The {@code seed} dialect keeps the seed pages' zone-less {@code arn:verenc:<account>:key/<id>}.
 * Both forms are accepted on input; an AWS-form ARN names this node's keys only when its partition
 * and region are this node's.
 */
public final class Arns {

  /** The partition a Verenc-form ARN ({@code arn:verenc:...}) is parsed with. */
  public static final String VERENC = "verenc";

  private static final String ALIAS_PREFIX = "alias/";

  private final Dialect dialect;
  private final String partition;
  private final String zone;

  private Arns(Dialect dialect, String partition, String zone) {
    this.dialect = dialect;
    this.partition = partition;
    this.zone = zone;
  }

  /**
   * @param partition the AWS partition of AWS-form ARNs ({@code aws}, {@code aws-cn}, ...)
   * @param zone the zone of the node, the region of its AWS-form ARNs
   * @throws IllegalArgumentException when the partition is not a partition name
   */
  public static Arns of(Dialect dialect, String partition, String zone) {
    if (partition == null
        || !partition.matches("[a-z][a-z0-9-]{0,31}")
        || partition.equals(VERENC)) {
      throw new IllegalArgumentException(
          "the ARN partition must be lowercase letters, digits and dashes, such as "
              + "aws or aws-cn (and not 'verenc'), got '"
              + partition
              + "'");
    }
    return new Arns(dialect, partition, zone);
  }

  public String partition() {
    return partition;
  }

  public String zone() {
    return zone;
  }

  /** The ARN of a key in this node's zone. */
  public String key(String accountId, String keyId) {
    return key(accountId, keyId, zone);
  }

  /** The ARN of the key {@code keyId} in {@code keyZone}: a multi-zone key's member there. */
  public String key(String accountId, String keyId, String keyZone) {
    return prefix(accountId, keyZone) + "key/" + keyId;
  }

  /**
   * The ARN of an alias of this zone. {@code aliasName} is the wire alias name ({@code
   * alias/payments}); a name given without the prefix gets it, so the ARN never reads {@code
   * alias/alias/...}.
   */
  public String alias(String accountId, String aliasName) {
    return prefix(accountId, zone)
        + (aliasName.startsWith(ALIAS_PREFIX) ? aliasName : ALIAS_PREFIX + aliasName);
  }

  /**
   * Whether an ARN with this partition and region names something of this node: Verenc-form ARNs
   * carry no zone and always do; AWS-form ones only with this node's partition and zone.
   */
  public boolean isLocal(String arnPartition, String arnRegion) {
    return (VERENC.equals(arnPartition) && arnRegion == null)
        || (partition.equals(arnPartition) && zone.equals(arnRegion));
  }

  /** The key's ARN in Verenc form: key policies may name a key by either form. */
  public static String verencKey(String accountId, String keyId) {
    return "arn:verenc:" + accountId + ":key/" + keyId;
  }

  /** The key's ARN in AWS form in this node's partition and zone, whatever the dialect. */
  public String awsKey(String accountId, String keyId) {
    return "arn:" + partition + ":kms:" + zone + ":" + accountId + ":key/" + keyId;
  }

  private String prefix(String accountId, String inZone) {
    return dialect == Dialect.SEED
        ? "arn:verenc:" + accountId + ":"
        : "arn:" + partition + ":kms:" + inZone + ":" + accountId + ":";
  }
}
