package com.verenc.kms.protocol.model;

/** Marker for the body a TrentService operation answers with. */
public interface KmsResponse {}
