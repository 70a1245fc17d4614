package com.verenc.kms.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyLastUsageResponse;
import software.amazon.awssdk.services.kms.model.KeyLastUsageData;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/** Commands about keys themselves: create, describe, list, enable, disable, deletion. */
final class KeyCommands {
  private KeyCommands() {}

  static Map<String, Object> fields(KeyMetadata m) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("KeyId", m.keyId());
    f.put("Arn", m.arn());
    f.put("KeyState", m.keyStateAsString());
    f.put("Description", m.description());
    f.put("KeySpec", m.keySpecAsString());
    f.put("KeyUsage", m.keyUsageAsString());
    putIfAny(f, "EncryptionAlgorithms", m.encryptionAlgorithmsAsStrings());
    putIfAny(f, "SigningAlgorithms", m.signingAlgorithmsAsStrings());
    putIfAny(f, "MacAlgorithms", m.macAlgorithmsAsStrings());
    putIfAny(f, "KeyAgreementAlgorithms", m.keyAgreementAlgorithmsAsStrings());
    f.put("KeyManager", m.keyManagerAsString());
    f.put("CreationDate", m.creationDate());
    f.put("MultiRegion", m.multiRegion());
    if (m.multiRegionConfiguration() != null) {
      f.put("MultiRegionKeyType", m.multiRegionConfiguration().multiRegionKeyTypeAsString());
      f.put("PrimaryZone", m.multiRegionConfiguration().primaryKey().region());
      f.put(
          "ReplicaZones",
          m.multiRegionConfiguration().replicaKeys().stream().map(r -> r.region()).toList());
    }
    if (m.deletionDate() != null) {
      f.put("DeletionDate", m.deletionDate());
    }
    return f;
  }

  /** The key id of a key ARN (arn:aws:kms:ZONE:ACCOUNT:key/ID), or the id given as it is. */
  static String idOf(String keyIdOrArn) {
    int slash = keyIdOrArn.indexOf(":key/");
    return slash < 0 ? keyIdOrArn : keyIdOrArn.substring(slash + ":key/".length());
  }

  /** The algorithms a key type allows, shown only for the kinds it has. */
  private static void putIfAny(Map<String, Object> f, String name, List<String> algorithms) {
    if (algorithms != null && !algorithms.isEmpty()) {
      f.put(name, algorithms);
    }
  }

  @Command(
      name = "create-key",
      description =
          "Create a key: symmetric by default, or HMAC, RSA, ECC with --spec and --usage.")
  static final class CreateKey implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Option(
        names = "--multi-zone",
        description = "Create a multi-zone primary key (can be replicated).")
    boolean multiZone;

    @Option(names = "--description", description = "Description of the key.")
    String description;

    @Option(
        names = "--spec",
        paramLabel = "SPEC",
        description =
            "KeySpec (default SYMMETRIC_DEFAULT): HMAC_224..HMAC_512, RSA_2048/3072/4096, "
                + "ECC_NIST_P256/P384/P521, ECC_SECG_P256K1.")
    String keySpec;

    @Option(
        names = "--usage",
        paramLabel = "USAGE",
        description =
            "KeyUsage: ENCRYPT_DECRYPT (default for symmetric), SIGN_VERIFY, GENERATE_VERIFY_MAC, "
                + "KEY_AGREEMENT; required with a non-symmetric --spec.")
    String keyUsage;

    @Option(
        names = "--origin",
        paramLabel = "ORIGIN",
        description =
            "AWS_KMS (default: the KMS generates the material) or EXTERNAL (you import it with "
                + "import-key).")
    String origin;

    @Option(names = "--tag", description = "Tag as key=value; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--id-only",
        description = "Print only the new key's id (for KEY=$(kms create-key --id-only)).")
    boolean idOnly;

    @Override
    public Integer call() {
      List<Tag> parsed = tags.stream().map(CreateKey::tag).toList();
      KeyMetadata m =
          cli.client()
              .createKey(
                  r ->
                      r.multiRegion(multiZone)
                          .description(description)
                          .keySpec(keySpec)
                          .keyUsage(keyUsage)
                          .origin(origin)
                          .tags(parsed.isEmpty() ? null : parsed))
              .keyMetadata();
      if (idOnly) {
        spec.commandLine().getOut().println(m.keyId());
        spec.commandLine().getOut().flush();
      } else {
        cli.output(spec.commandLine().getOut()).record(fields(m));
      }
      return 0;
    }

    private static Tag tag(String keyValue) {
      int eq = keyValue.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--tag must be key=value, got '" + keyValue + "'");
      }
      return Tag.builder()
          .tagKey(keyValue.substring(0, eq))
          .tagValue(keyValue.substring(eq + 1))
          .build();
    }
  }

  @Command(name = "describe", description = "Show a key (id, ARN or alias).")
  static final class Describe implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      KmsClient client = cli.client();
      KeyMetadata metadata = client.describeKey(r -> r.keyId(key)).keyMetadata();
      Map<String, Object> f = fields(metadata);
      putLastUsage(f, client.getKeyLastUsage(r -> r.keyId(metadata.keyId())));
      cli.output(spec.commandLine().getOut()).record(f);
      return 0;
    }
  }

  /** GetKeyLastUsage in this zone: the last operation and when, or since when none was seen. */
  static void putLastUsage(Map<String, Object> f, GetKeyLastUsageResponse usage) {
    KeyLastUsageData last = usage.keyLastUsage();
    if (last != null && last.timestamp() != null) {
      f.put("LastUsed", last.timestamp());
      f.put("LastUsedBy", last.operationAsString());
    } else {
      f.put("LastUsed", "never since " + usage.trackingStartDate());
    }
  }

  @Command(name = "list", description = "List the account's keys in this zone.")
  static final class ListKeys implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<KeyListEntry> keys =
          Pagination.all(
              m -> cli.client().listKeys(r -> r.marker(m)),
              ListKeysResponse::keys,
              page -> Pagination.next(page.truncated(), page.nextMarker()));
      List<List<Object>> rows =
          keys.stream().map(e -> List.<Object>of(e.keyId(), e.keyArn())).toList();
      cli.output(spec.commandLine().getOut()).table(List.of("KeyId", "Arn"), rows);
      return 0;
    }
  }

  @Command(name = "enable", description = "Enable a key (in this zone).")
  static final class Enable implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      cli.client().enableKey(r -> r.keyId(key));
      spec.commandLine().getOut().println("enabled " + key);
      return 0;
    }
  }

  @Command(name = "disable", description = "Disable a key (in this zone).")
  static final class Disable implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      cli.client().disableKey(r -> r.keyId(key));
      spec.commandLine().getOut().println("disabled " + key);
      return 0;
    }
  }

  @Command(
      name = "schedule-deletion",
      description = "Schedule a key's deletion (7..30 days, default 30).")
  static final class ScheduleDeletion implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--days", description = "Pending window in days, 7 to 30.")
    Integer days;

    @Override
    public Integer call() {
      var response = cli.client().scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(days));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("KeyId", idOf(response.keyId()));
      f.put("KeyState", response.keyStateAsString());
      f.put("DeletionDate", response.deletionDate());
      cli.output(spec.commandLine().getOut()).record(f);
      return 0;
    }
  }

  @Command(
      name = "cancel-deletion",
      description = "Cancel a scheduled deletion (the key comes back disabled).")
  static final class CancelDeletion implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      cli.client().cancelKeyDeletion(r -> r.keyId(key));
      spec.commandLine().getOut().println("deletion cancelled for " + key + " (now disabled)");
      return 0;
    }
  }
}
