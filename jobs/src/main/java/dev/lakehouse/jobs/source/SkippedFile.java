package dev.lakehouse.jobs.source;

/** An object the planner leaves out, and why. */
public record SkippedFile(String path, String reason) {}
