package dev.lakehouse.query;

/** A result column: its name and its Trino type as Trino prints it, e.g. {@code decimal(10,2)}. */
public record ResultColumn(String name, String type) {}
