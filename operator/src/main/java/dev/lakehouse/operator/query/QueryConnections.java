package dev.lakehouse.operator.query;

import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;

/** How the operator reaches a Lakehouse's Trino and bucket. */
public interface QueryConnections {
  /** The engine that runs this Lakehouse's Queries as its read-only Trino user. */
  QueryEngine engine(LakehouseModel lakehouse);

  /** The Lakehouse's bucket; called on a worker thread, when a result is ready to upload. */
  ObjectStore store(LakehouseModel lakehouse);
}
