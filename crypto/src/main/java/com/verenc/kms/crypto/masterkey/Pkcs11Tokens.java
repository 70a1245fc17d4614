package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds a PKCS #11 token's slot by the token's label.
 *
 * <p>The JDK's SunPKCS11 provider selects a token by slot id or slot list index only, and slot ids
 * are not stable (SoftHSM2 assigns one when a token is initialised). The only way the JDK offers to
 * read token labels is its own PKCS #11 wrapper, {@code sun.security.pkcs11.wrapper}, which the
 * {@code jdk.crypto.cryptoki} module does not export: the JVM must run with {@value #JVM_OPTION}
 * (ops/bin/kms-node passes it). The wrapper keeps one loaded instance per library path, which
 * SunPKCS11 reuses, so the library is initialised here the way SunPKCS11 initialises it
 * (CKF_OS_LOCKING_OK: the library locks for the JVM's threads).
 */
final class Pkcs11Tokens {
  static final String JVM_OPTION =
      "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";

  private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
  private static final long CKF_OS_LOCKING_OK = 0x2L;

  private Pkcs11Tokens() {}

  /**
   * The slot holding the token labelled {@code tokenLabel} in {@code library}.
   *
   * @throws CryptoException when the library does not load, no token or several carry that label,
   *     or the JVM was started without {@value #JVM_OPTION}
   */
  static long slotOf(Path library, String tokenLabel) {
    Map<Long, String> tokens = tokenLabels(library, tokenLabel);
    List<Long> matches =
        tokens.entrySet().stream()
            .filter(token -> token.getValue().equals(tokenLabel))
            .map(Map.Entry::getKey)
            .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new CryptoException(
        (matches.isEmpty() ? "no token is labelled '" : "more than one token is labelled '")
            + tokenLabel
            + "' in PKCS #11 library "
            + library
            + " (KMS_MASTER_KEY_PKCS11_TOKEN); its tokens: "
            + (tokens.isEmpty()
                ? "none"
                : tokens.values().stream()
                    .map(label -> "'" + label + "'")
                    .collect(Collectors.joining(", "))));
  }

  /** The label of the token in each slot that has one, in slot order. */
  private static Map<Long, String> tokenLabels(Path library, String tokenLabel) {
    try {
      Class<?> pkcs11 = Class.forName(WRAPPER + "PKCS11");
      Class<?> initArgsType = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS");
      Object initArgs = initArgsType.getConstructor().newInstance();
      initArgsType.getField("flags").setLong(initArgs, CKF_OS_LOCKING_OK);
      Method getInstance =
          pkcs11.getMethod("getInstance", String.class, String.class, initArgsType, boolean.class);
      Object module =
          getInstance.invoke(null, library.toString(), "C_GetFunctionList", initArgs, false);
      long[] slots = (long[]) pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(module, true);
      Method tokenInfo = pkcs11.getMethod("C_GetTokenInfo", long.class);
      Map<Long, String> labels = new LinkedHashMap<>();
      for (long slot : slots) {
        Object info = tokenInfo.invoke(module, slot);
        labels.put(slot, new String((char[]) info.getClass().getField("label").get(info)).trim());
      }
      return labels;
    } catch (IllegalAccessException | InaccessibleObjectException e) {
      throw new CryptoException(
          "finding PKCS #11 token '"
              + tokenLabel
              + "' by its label needs the JVM option "
              + JVM_OPTION
              + " (ops/bin/kms-node passes it; add it to KMS_JAVA_OPTS or your java command)");
    } catch (InvocationTargetException e) {
      throw new CryptoException(
          "PKCS #11 library "
              + library
              + " cannot be used (KMS_MASTER_KEY_PKCS11_LIBRARY): "
              + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new CryptoException(
          "this JDK's PKCS #11 support differs from Java 17's ("
              + e
              + "); run the node on Java 17");
    }
  }
}
