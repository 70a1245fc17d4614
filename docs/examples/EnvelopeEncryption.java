import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Envelope encryption with the AWS Encryption SDK for Java against a Verenc KMS node: the SDK
 * asks the node for a data key under KEY_ARN, encrypts locally, and stores the wrapped data key
 * in the message. Usage: java -cp ... EnvelopeEncryption.java KEY_ARN ["text to encrypt"]
 * (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, endpoint from KMS_ENDPOINT).
 */
public class EnvelopeEncryption {
  public static void main(String[] args) {
    String keyArn = args[0];
    byte[] data = (args.length > 1 ? args[1] : "hello envelope").getBytes(StandardCharsets.UTF_8);
    URI endpoint = URI.create(System.getenv().getOrDefault("KMS_ENDPOINT", "http://127.0.0.1:4599"));

    // The SDK takes the region (the zone) from the key ARN and asks this supplier for its client.
    MaterialProviders mpl = MaterialProviders.builder()
        .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
    IKeyring keyring = mpl.CreateAwsKmsMultiKeyring(CreateAwsKmsMultiKeyringInput.builder()
        .generator(keyArn)
        .clientSupplier(input -> KmsClient.builder().region(Region.of(input.region())).endpointOverride(endpoint).build())
        .build());

    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    Map<String, String> context = Map.of("tenant", "acme", "purpose", "example");
    byte[] message = crypto.encryptData(keyring, data, context).getResult();
    byte[] opened = crypto.decryptData(keyring, message, context).getResult();
    System.out.println("encrypted " + data.length + " bytes into a " + message.length + "-byte message under "
        + keyArn + "; decrypted: " + new String(opened, StandardCharsets.UTF_8));
  }
}
