package com.verenc.kms.ops;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * Where the CLI sends requests, how it signs them and which CAs it trusts: flags and environment
 * first, then the named profile's region and endpoint_url, then the local defaults (Java's trusted
 * CAs).
 */
record Connection(
    URI endpoint, String zone, AwsCredentialsProvider credentials, Optional<CaBundle> caBundle) {
  static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4599";
  static final String DEFAULT_ZONE = "ch-gva-2";

  /**
   * @param profile the --profile flag, or null for the SDK's default chain (which honours
   *     $AWS_PROFILE)
   * @param endpoint the --endpoint flag or $KMS_ENDPOINT, or null
   * @param zone the --zone flag or $AWS_REGION, or null
   * @param caBundle the --ca-bundle flag or $KMS_CA_BUNDLE, or null or blank
   */
  static Connection resolve(String profile, String endpoint, String zone, String caBundle) {
    Optional<CaBundle> trust =
        caBundle == null || caBundle.isBlank()
            ? Optional.empty()
            : Optional.of(CaBundle.read(Path.of(caBundle.trim())));
    if (profile == null) {
      return new Connection(
          URI.create(endpoint == null ? DEFAULT_ENDPOINT : endpoint),
          zone == null ? DEFAULT_ZONE : zone,
          DefaultCredentialsProvider.builder().build(),
          trust);
    }
    ProfileFile files = ProfileFile.defaultProfileFile();
    Profile named =
        files
            .profile(profile)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no profile named '"
                            + profile
                            + "' in ~/.aws/credentials or ~/.aws/config (or $AWS_SHARED_CREDENTIALS_FILE, "
                            + "$AWS_CONFIG_FILE)"));
    String profileEndpoint = property(named, ProfileProperty.ENDPOINT_URL).orElse(DEFAULT_ENDPOINT);
    String profileZone = property(named, ProfileProperty.REGION).orElse(DEFAULT_ZONE);
    return new Connection(
        URI.create(endpoint == null ? profileEndpoint : endpoint),
        zone == null ? profileZone : zone,
        ProfileCredentialsProvider.builder().profileFile(files).profileName(profile).build(),
        trust);
  }

  private static Optional<String> property(Profile profile, String name) {
    return profile.property(name).filter(value -> !value.isBlank());
  }
}
