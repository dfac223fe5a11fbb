package dev.modgate.core.sumdb.tlog;

/**
 * A node of the log's tree: the n'th hash at a level (level 0 = record hashes, level 1 = their parents, ...).
 * {@link Tlog#splitStoredHashIndex} returns these.
 */
public record TreeNode(int level, long n) {}
