package com.verenc.kms.crypto.masterkey;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a token holds under a label, the way any PKCS #11 application can, through the JDK's
 * own PKCS #11 wrapper (the test JVM runs with the option {@link Pkcs11Tokens#JVM_OPTION}): the
 * secret key's protection attributes, and whether its value can be read at all. The library must
 * already be loaded and the token logged in (a login holds for the whole process).
 */
final class TokenObjects {
  static final long CKA_SENSITIVE = 0x103;
  static final long CKA_EXTRACTABLE = 0x162;
  static final long CKA_NEVER_EXTRACTABLE = 0x164;
  static final long CKA_ALWAYS_SENSITIVE = 0x165;
  static final long CKA_TOKEN = 0x1;
  static final long CKA_PRIVATE = 0x2;
  private static final long CKA_CLASS = 0x0;
  private static final long CKA_LABEL = 0x3;
  private static final long CKA_VALUE = 0x11;
  private static final long CKO_SECRET_KEY = 0x4;
  private static final long CKF_SERIAL_SESSION = 0x4;
  private static final long CKF_RW_SESSION = 0x2;
  private static final String WRAPPER = "sun.security.pkcs11.wrapper.";

  private final Object module;
  private final Class<?> pkcs11;
  private final Class<?> attributeType;

  TokenObjects(Path library) throws ReflectiveOperationException {
    pkcs11 = Class.forName(WRAPPER + "PKCS11");
    attributeType = Class.forName(WRAPPER + "CK_ATTRIBUTE");
    Class<?> initArgs = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS");
    module =
        pkcs11
            .getMethod("getInstance", String.class, String.class, initArgs, boolean.class)
            .invoke(null, library.toString(), "C_GetFunctionList", null, true);
  }

  /** How many secret keys in the token's {@code slot} carry {@code label}. */
  int secretKeysLabelled(long slot, String label) throws ReflectiveOperationException {
    long session = openSession(slot);
    try {
      return find(session, label).length;
    } finally {
      pkcs11.getMethod("C_CloseSession", long.class).invoke(module, session);
    }
  }

  /** Destroys every secret key labelled {@code label} in the token's {@code slot}. */
  void destroySecretKeys(long slot, String label) throws ReflectiveOperationException {
    long session = openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
    try {
      for (long handle : find(session, label)) {
        pkcs11.getMethod("C_DestroyObject", long.class, long.class).invoke(module, session, handle);
      }
    } finally {
      pkcs11.getMethod("C_CloseSession", long.class).invoke(module, session);
    }
  }

  /** The boolean attributes {@code types} of the one secret key labelled {@code label}. */
  Map<Long, Boolean> booleans(long slot, String label, long... types)
      throws ReflectiveOperationException {
    long session = openSession(slot);
    try {
      long handle = only(find(session, label), label);
      Object attributes = Array.newInstance(attributeType, types.length);
      for (int i = 0; i < types.length; i++) {
        Array.set(attributes, i, attributeType.getConstructor(long.class).newInstance(types[i]));
      }
      getAttributeValue().invoke(module, session, handle, attributes);
      Map<Long, Boolean> values = new LinkedHashMap<>();
      for (int i = 0; i < types.length; i++) {
        Object attribute = Array.get(attributes, i);
        values.put(types[i], (Boolean) attributeType.getMethod("getBoolean").invoke(attribute));
      }
      return values;
    } finally {
      pkcs11.getMethod("C_CloseSession", long.class).invoke(module, session);
    }
  }

  /**
   * Asks the token for the key's value (CKA_VALUE) and returns the token's refusal, e.g.
   * CKR_ATTRIBUTE_SENSITIVE; fails if the token hands the value out.
   */
  String refusalToReadValue(long slot, String label) throws ReflectiveOperationException {
    long session = openSession(slot);
    try {
      long handle = only(find(session, label), label);
      Object attributes = Array.newInstance(attributeType, 1);
      Array.set(attributes, 0, attributeType.getConstructor(long.class).newInstance(CKA_VALUE));
      try {
        getAttributeValue().invoke(module, session, handle, attributes);
      } catch (InvocationTargetException e) {
        return e.getCause().getMessage();
      }
      throw new AssertionError("the token handed out the value of the key labelled " + label);
    } finally {
      pkcs11.getMethod("C_CloseSession", long.class).invoke(module, session);
    }
  }

  private Method getAttributeValue() throws NoSuchMethodException {
    return pkcs11.getMethod(
        "C_GetAttributeValue", long.class, long.class, attributeType.arrayType());
  }

  private long openSession(long slot) throws ReflectiveOperationException {
    return openSession(slot, CKF_SERIAL_SESSION);
  }

  private long openSession(long slot, long flags) throws ReflectiveOperationException {
    Class<?> notify = Class.forName(WRAPPER + "CK_NOTIFY");
    return (long)
        pkcs11
            .getMethod("C_OpenSession", long.class, long.class, Object.class, notify)
            .invoke(module, slot, flags, null, null);
  }

  private long[] find(long session, String label) throws ReflectiveOperationException {
    Object template = Array.newInstance(attributeType, 2);
    Array.set(
        template,
        0,
        attributeType
            .getConstructor(long.class, long.class)
            .newInstance(CKA_CLASS, CKO_SECRET_KEY));
    Array.set(
        template,
        1,
        attributeType
            .getConstructor(long.class, Object.class)
            .newInstance(CKA_LABEL, label.toCharArray()));
    pkcs11
        .getMethod("C_FindObjectsInit", long.class, attributeType.arrayType())
        .invoke(module, session, template);
    try {
      return (long[])
          pkcs11.getMethod("C_FindObjects", long.class, long.class).invoke(module, session, 16L);
    } finally {
      pkcs11.getMethod("C_FindObjectsFinal", long.class).invoke(module, session);
    }
  }

  private static long only(long[] handles, String label) {
    if (handles.length != 1) {
      throw new AssertionError(handles.length + " secret keys are labelled " + label);
    }
    return handles[0];
  }
}
