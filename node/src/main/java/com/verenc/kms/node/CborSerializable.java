package com.verenc.kms.node;

/** Marker for every message, event and snapshot that Pekko serializes with Jackson CBOR. */
public interface CborSerializable {}
