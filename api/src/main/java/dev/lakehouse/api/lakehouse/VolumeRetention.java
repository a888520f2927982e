package dev.lakehouse.api.lakehouse;

/** Whether volumes (and the credentials that open them) outlive the Lakehouse. */
public enum VolumeRetention {
  Retain,
  Delete
}
