package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CiphertextBlobTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] IV = HEX.parseHex("000102030405060708090a0b");
    private static final byte[] SEALED = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00");

    @Test
    void encodesFormatV1Layout() {
        CiphertextBlob blob = new CiphertextBlob("mrk-1", 258, IV, SEALED);
        byte[] expectedHeader = HEX.parseHex("01" + "05" + "6d726b2d31" + "00000102");
        assertArrayEquals(expectedHeader, blob.header());
        assertArrayEquals(HEX.parseHex(HEX.formatHex(expectedHeader) + HEX.formatHex(IV) + HEX.formatHex(SEALED)),
                blob.encode());
    }

    @Test
    void decodeInvertsEncode() {
        String longId = "k".repeat(255);
        CiphertextBlob blob = new CiphertextBlob(longId, Integer.MAX_VALUE, IV, SEALED);
        CiphertextBlob decoded = CiphertextBlob.decode(blob.encode());
        assertEquals(blob, decoded);
        assertEquals(longId, decoded.keyId());
        assertEquals(Integer.MAX_VALUE, decoded.materialVersion());
        assertArrayEquals(IV, decoded.iv());
        assertArrayEquals(SEALED, decoded.sealed());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] iv = IV.clone();
        CiphertextBlob blob = new CiphertextBlob("k", 1, iv, SEALED);
        iv[0] ^= 1;
        blob.iv()[1] ^= 1;
        assertArrayEquals(IV, blob.iv());
        assertNotSame(blob.sealed(), blob.sealed());
    }

    @Test
    void constructorValidates() {
        assertInvalidArgs(() -> new CiphertextBlob("", 1, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("k".repeat(256), 1, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("key_id", 1, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("kéy", 1, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("k", 0, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("k", -1, IV, SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("k", 1, new byte[11], SEALED));
        assertInvalidArgs(() -> new CiphertextBlob("k", 1, IV, new byte[15]));
    }

    @Test
    void decodeRejectsMalformedBlobs() {
        byte[] good = new CiphertextBlob("key-1", 1, IV, SEALED).encode();
        assertMalformed(null);
        assertMalformed(new byte[0]);
        assertMalformed(with(good, 0, 0x02));
        assertMalformed(with(good, 0, 0x00));
        assertMalformed(with(good, 1, 0x00));
        assertMalformed(with(good, 1, 0xff));
        assertMalformed(with(good, 2, '_'));
        assertMalformed(with(good, 2, 0x80));
        assertMalformed(with(good, 10, 0x00)); // material version 0
        assertMalformed(with(good, 7, 0x80)); // material version negative
        for (int length = 0; length < good.length - SEALED.length + AesGcm.TAG_BYTES; length++) {
            assertMalformed(java.util.Arrays.copyOf(good, length));
        }
    }

    @Test
    void toStringOmitsBytes() {
        assertEquals("CiphertextBlob[keyId=k, materialVersion=3, sealed=17 bytes]",
                new CiphertextBlob("k", 3, IV, SEALED).toString());
    }

    private static byte[] with(byte[] blob, int index, int value) {
        byte[] copy = blob.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static void assertInvalidArgs(Executable executable) {
        assertEquals(CryptoException.class, assertThrows(CryptoException.class, executable).getClass());
    }

    private static void assertMalformed(byte[] blob) {
        InvalidCiphertextException e =
                assertThrows(InvalidCiphertextException.class, () -> CiphertextBlob.decode(blob));
        assertEquals("ciphertext blob is malformed", e.getMessage());
    }
}
