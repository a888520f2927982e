package dev.lakehouse.api.run;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One ingestion of a Dataset: batches of files committed to Delta exactly once, resumable. */
@Group("lakehouse.dev")
@Version("v1alpha1")
@ShortNames("ir")
@Categories("lakehouse-all")
@AdditionalPrinterColumn(
    name = "Dataset",
    jsonPath = ".spec.dataset",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rows",
    jsonPath = ".status.checkpoint.rowsWritten",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Attempts",
    jsonPath = ".status.attempts",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Container resource claims need pod-level resourceClaims, which no pod of the operator has: a
// real API server would refuse the pod, so the field is not part of the API.
@SchemaSwap(originalType = ResourceRequirements.class, fieldName = "claims")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(
    value =
        "self.metadata.name.size() <= 63 && self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must be at most 63 lowercase letters, digits and '-' (no '.'): it names the objects made for the run and is a label value on them")
public class IngestionRun extends CustomResource<IngestionRunSpec, IngestionRunStatus>
    implements Namespaced {}
