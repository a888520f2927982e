package dev.lakehouse.api.dataset;

/** What happens to the table when its Dataset is deleted. */
public enum DeletionPolicy {
  Retain,
  Drop
}
