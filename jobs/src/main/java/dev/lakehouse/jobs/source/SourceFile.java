package dev.lakehouse.jobs.source;

import java.io.Serializable;

/** One object to ingest: its full path and size. Serializable: tasks receive their file lists. */
public record SourceFile(String path, long size) implements Serializable {}
