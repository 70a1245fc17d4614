package com.verenc.kms.protocol;

/** Builds the ARNs this service hands out: {@code arn:verenc:<account>:key/<id>} and {@code ...:alias/<name>}. */
public final class Arns {

    private static final String PREFIX = "arn:verenc:";
    private static final String ALIAS_PREFIX = "alias/";

    private Arns() {
    }

    /** The ARN of a key; the same ARN names a multi-zone primary and its replicas. */
    public static String key(String accountId, String keyId) {
        return PREFIX + accountId + ":key/" + keyId;
    }

    /**
     * The ARN of an alias. {@code aliasName} is the wire alias name ({@code alias/payments}); a name
     * given without the prefix gets it, so the ARN never reads {@code alias/alias/...}.
     */
    public static String alias(String accountId, String aliasName) {
        String name = aliasName.startsWith(ALIAS_PREFIX) ? aliasName : ALIAS_PREFIX + aliasName;
        return PREFIX + accountId + ":" + name;
    }
}
