package dev.lakehouse.api.dataset;

/**
 * Medallion layer: bronze is ingested from a source, silver and gold are SQL over other Datasets.
 */
public enum Layer {
  bronze,
  silver,
  gold
}
