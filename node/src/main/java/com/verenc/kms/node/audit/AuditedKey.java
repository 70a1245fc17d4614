package com.verenc.kms.node.audit;

/**
 * A key an audited request named or used.
 *
 * @param role the request member that named it: KeyId, SourceKeyId, DestinationKeyId or TargetKeyId
 * @param requested as the request named it (key id, key ARN, alias name or alias ARN); null when
 *     the request named none (Decrypt of a symmetric ciphertext, CreateKey)
 * @param alias the alias name when the request named the key by an alias
 * @param arn the key's ARN when the answer gave it
 */
public record AuditedKey(String role, String requested, String alias, String arn) {}
