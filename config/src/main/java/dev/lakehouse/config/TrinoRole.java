package dev.lakehouse.config;

/** The two kinds of Trino node. */
public enum TrinoRole {
  COORDINATOR,
  WORKER
}
