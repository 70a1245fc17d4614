package com.verenc.kms.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESWrapPadEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/** RFC 5649 AES key wrap with padding, used to protect key material at rest. */
public final class KeyWrap {

    private KeyWrap() {
    }

    /** Wraps {@code keyToWrap} (at least one byte) under the 16, 24 or 32 byte {@code kek}. */
    public static byte[] wrap(byte[] kek, byte[] keyToWrap) {
        Objects.requireNonNull(keyToWrap, "keyToWrap");
        if (keyToWrap.length == 0) {
            throw new CryptoException("key to wrap must not be empty");
        }
        AESWrapPadEngine engine = engine(true, kek);
        return engine.wrap(keyToWrap, 0, keyToWrap.length);
    }

    /** Unwraps and integrity-checks {@code wrapped} under {@code kek}. */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) {
        Objects.requireNonNull(wrapped, "wrapped");
        AESWrapPadEngine engine = engine(false, kek);
        try {
            return engine.unwrap(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // No cause attached: one message for every failure gives an attacker nothing to tell apart.
            throw new CryptoException("wrapped key material failed integrity check");
        }
    }

    private static AESWrapPadEngine engine(boolean forWrapping, byte[] kek) {
        Objects.requireNonNull(kek, "kek");
        if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
            throw new CryptoException("key-encryption key must be 16, 24 or 32 bytes");
        }
        AESWrapPadEngine engine = new AESWrapPadEngine();
        engine.init(forWrapping, new KeyParameter(kek));
        return engine;
    }
}
