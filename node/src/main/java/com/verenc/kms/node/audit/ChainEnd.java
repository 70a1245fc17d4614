package com.verenc.kms.node.audit;

/**
 * Where a node's chain stood when it last wrote: the last record's sequence number and hash, and
 * whether that record was a signature (the node shut down cleanly).
 *
 * @param discardedBytes bytes of a torn last line the sink cut off when it resumed
 */
record ChainEnd(long seq, String hash, boolean signed, long discardedBytes) {}
