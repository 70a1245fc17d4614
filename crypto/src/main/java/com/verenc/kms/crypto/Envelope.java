package com.verenc.kms.crypto;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * The KMS encrypt and decrypt operations over raw key material, as pure functions on bytes.
 *
 * <p>The GCM additional data is the blob {@linkplain CiphertextBlob#header() header} followed by
 * the {@linkplain EncryptionContext#canonical canonical encryption context}, binding the key id,
 * material version and context to the ciphertext.
 */
public final class Envelope {

    private Envelope() {
    }

    /** Encrypts {@code plaintext} under one material version and returns the encoded blob. */
    public static byte[] seal(String keyId, int materialVersion, byte[] material, byte[] plaintext,
            Map<String, String> context) {
        byte[] header = CiphertextBlob.header(keyId, materialVersion);
        byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
        byte[] sealed = AesGcm.encrypt(material, iv, plaintext, aad(header, context));
        return new CiphertextBlob(keyId, materialVersion, iv, sealed).encode();
    }

    /** Decrypts {@code blob} with the material of the version it names; every failure looks the same. */
    public static byte[] open(CiphertextBlob blob, byte[] material, Map<String, String> context) {
        Objects.requireNonNull(blob, "blob");
        try {
            return AesGcm.decrypt(material, blob.iv(), blob.sealed(), aad(blob.header(), context));
        } catch (CryptoException e) {
            // One message whatever went wrong, so callers cannot probe which check failed.
            throw new InvalidCiphertextException("ciphertext could not be decrypted");
        }
    }

    /** Returns fresh random material for a new KMS key material version. */
    public static byte[] newMaterial() {
        return RandomBytes.next(AesGcm.KEY_BYTES);
    }

    private static byte[] aad(byte[] header, Map<String, String> context) {
        byte[] canonical = EncryptionContext.canonical(context);
        return ByteBuffer.allocate(header.length + canonical.length).put(header).put(canonical).array();
    }
}
