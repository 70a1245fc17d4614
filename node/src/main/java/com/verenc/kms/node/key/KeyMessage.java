package com.verenc.kms.node.key;

/**
 * Everything a key entity receives: the {@link KeyCommand}s of its protocol, which always get an
 * answer, the zone's sweepers' {@link KeyTick}s, {@link KeyNotice}s from other zones and the zone's
 * anti-entropy, the {@link KeyLease} messages of the zone's other nodes, and messages the entity
 * sends itself.
 */
public sealed interface KeyMessage permits KeyCommand, KeyTick, KeyNotice, KeyInternal, KeyLease {}
