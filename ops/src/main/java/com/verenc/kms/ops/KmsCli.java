package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The {@code kms} command-line tool: the AWS SDK v2 against any Verenc KMS node, signing with SigV4
 * from the usual AWS credentials (environment variables, profiles, system properties).
 */
// scope INHERIT: every subcommand takes --help (and --version) and lists the exit codes.
@Command(
    name = "kms",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "kms 0.1.0",
    description = "Verenc KMS command-line tool.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the KMS refused the request, or could not be reached",
      "2:usage error",
      "3:verify, verify-mac: the signature or MAC is not valid; audit verify: the trail is not"
          + " intact",
      "4:cluster status: the cluster is split, or its members' zone settings differ",
      "5:master-key retire-check: secrets of the zone are still under another master key"
    },
    subcommands = {
      KeyCommands.CreateKey.class,
      KeyCommands.Describe.class,
      KeyCommands.ListKeys.class,
      KeyCommands.Enable.class,
      KeyCommands.Disable.class,
      KeyCommands.ScheduleDeletion.class,
      KeyCommands.CancelDeletion.class,
      ReplicationCommands.Replicate.class,
      RotationCommands.Rotate.class,
      RotationCommands.Rotation.class,
      RotationCommands.Rotations.class,
      AliasCommands.Alias.class,
      GrantCommands.Grant.class,
      CryptoCommands.Encrypt.class,
      CryptoCommands.Decrypt.class,
      CryptoCommands.DataKey.class,
      SigningCommands.Sign.class,
      SigningCommands.Verify.class,
      SigningCommands.Mac.class,
      SigningCommands.VerifyMac.class,
      KeyPairCommands.PublicKey.class,
      KeyPairCommands.DataKeyPair.class,
      ImportCommands.ImportKey.class,
      ImportCommands.DeleteImportedMaterial.class,
      ReplicationCommands.Replication.class,
      ClusterCommands.Cluster.class,
      ZoneCommands.Zone.class,
      KeyLocationCommands.Key.class,
      MasterKeyCommands.MasterKey.class,
      AuditCommands.Audit.class
    })
// The global options are inherited: like the AWS CLI's, they may also come after the subcommand.
public final class KmsCli implements Callable<Integer> {
  /** Exit code for a request the KMS refused or that could not reach it. */
  static final int REFUSED = 1;

  /**
   * Exit code of verify and verify-mac when the KMS checked and the signature or MAC is wrong, and
   * of audit verify when the trail is not intact.
   */
  static final int NOT_VALID = 3;

  /** Exit code of cluster status when it finds a split or members with other zone settings. */
  static final int CLUSTER_PROBLEM = 4;

  @Option(
      names = "--endpoint",
      scope = ScopeType.INHERIT,
      description =
          "Node URL (default: $KMS_ENDPOINT, the profile's endpoint_url, "
              + "or http://127.0.0.1:4599).")
  String endpoint = System.getenv("KMS_ENDPOINT");

  @Option(
      names = "--zone",
      scope = ScopeType.INHERIT,
      description =
          "Zone the node serves, the SigV4 region (default: $AWS_REGION, the "
              + "profile's region, or ch-gva-2).")
  String zone = System.getenv("AWS_REGION");

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "PEM file of the CA certificates to trust for an https endpoint instead of Java's "
              + "(default: $KMS_CA_BUNDLE), e.g. local-cluster --tls's <dir>/tls/ca.pem.")
  String caBundle = System.getenv("KMS_CA_BUNDLE");

  @Option(names = "--output", scope = ScopeType.INHERIT, description = "table (default) or json.")
  String output = "table";

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description =
          "Named profile of ~/.aws/credentials and ~/.aws/config for the "
              + "credentials (default: $AWS_PROFILE, then the usual AWS sources); its region and endpoint_url apply "
              + "when --zone/$AWS_REGION and --endpoint/$KMS_ENDPOINT are not given.")
  String profile;

  private KmsClient client;
  private Connection connection;

  /** Where encrypt/decrypt read and write bytes when no file is given (binary-safe). */
  InputStream stdin = System.in;

  OutputStream stdout = System.out;

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            System.in,
            System.out,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line; returns the exit code (0 ok, 1 refused by the KMS, 2 usage, 3 signature
   * or MAC not valid, 4 cluster split or zone settings differing).
   */
  public static int run(
      String[] args, InputStream in, OutputStream bytesOut, PrintWriter out, PrintWriter err) {
    KmsCli cli = new KmsCli();
    cli.stdin = in;
    cli.stdout = bytesOut;
    CommandLine commandLine = new CommandLine(cli).setOut(out).setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof KmsException k && k.awsErrorDetails() != null) {
            String code = k.awsErrorDetails().errorCode();
            err.println("kms: " + code + ": " + k.awsErrorDetails().errorMessage());
            NotFoundHint.of(code, cli.zoneAsked(), cli.endpointAsked(), parsed.originalArgs())
                .ifPresent(err::println);
          } else {
            err.println(
                "kms: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
          }
          err.flush();
          return REFUSED;
        });
    try {
      return commandLine.execute(args);
    } finally {
      cli.close();
    }
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "give a command; see kms --help");
  }

  KmsClient client() {
    checkOutput();
    if (client == null) {
      connection = Connection.resolve(profile, endpoint, zone, caBundle);
      UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
      connection.caBundle().ifPresent(ca -> http.tlsTrustManagersProvider(ca::trustManagers));
      client =
          KmsClient.builder()
              .endpointOverride(connection.endpoint())
              .region(Region.of(connection.zone()))
              .credentialsProvider(connection.credentials())
              .httpClientBuilder(http)
              .build();
    }
    return client;
  }

  /** The zone the last request was signed for (the flag's or the default's). */
  String zoneAsked() {
    return connection != null ? connection.zone() : zone;
  }

  /** The node the last request went to. */
  String endpointAsked() {
    return connection != null ? connection.endpoint().toString() : endpoint;
  }

  boolean isJson() {
    return output.equals("json");
  }

  /**
   * One TrentService call outside the SDK's model, SigV4-signed by the SDK's own signer, for the
   * Verenc extensions the model does not carry. Errors become the SDK's KmsException.
   */
  JsonNode rawCall(String operation, String body) {
    client();
    URI endpoint = connection.endpoint();
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    var credentials = connection.credentials().resolveCredentials();
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(endpoint.resolve("/"))
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", "TrentService." + operation)
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, connection.zone()));
    var request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host")) {
                request.header(name, values.get(0));
              }
            });
    try {
      HttpClient.Builder http = HttpClient.newBuilder();
      connection.caBundle().ifPresent(ca -> http.sslContext(ca.sslContext()));
      var response = http.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
      var json = new ObjectMapper().readTree(response.body());
      if (response.statusCode() != 200) {
        throw KmsException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(json.path("__type").asText())
                    .errorMessage(json.path("message").asText())
                    .build())
            .statusCode(response.statusCode())
            .build();
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Output output(PrintWriter out) {
    checkOutput();
    return new Output(out, output.equals("json"));
  }

  private void checkOutput() {
    if (!output.equals("table") && !output.equals("json")) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--output must be table or json");
    }
  }

  private void close() {
    if (client != null) {
      client.close();
    }
  }
}
