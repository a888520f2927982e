package dev.lakehouse.api.dataset;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Delta table in a lakehouse, with where its rows come from. */
@Group("lakehouse.dev")
@Version("v1alpha1")
// Not "ds": kubectl resolves that to DaemonSets, so "kubectl get ds" would never list Datasets.
@ShortNames("dset")
@Categories("lakehouse-all")
@AdditionalPrinterColumn(
    name = "Lakehouse",
    jsonPath = ".spec.lakehouse",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Layer",
    jsonPath = ".spec.layer",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Table",
    jsonPath = ".status.table.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rows",
    jsonPath = ".status.table.rowCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last Run",
    jsonPath = ".status.lastRun.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(
    value =
        "self.metadata.name.size() <= 63 && self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must be at most 63 lowercase letters, digits and '-' (no '.'): it names the objects made for the Dataset and is a label value on them")
public class Dataset extends CustomResource<DatasetSpec, DatasetStatus> implements Namespaced {}
