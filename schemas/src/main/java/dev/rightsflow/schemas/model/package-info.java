/**
 * The plain-Java vocabulary services share besides the event contracts: what a task asks a system to do
 * ({@code Action}) and what each connector type can do ({@code ConnectorCapabilities}, declared by the connectors and
 * read by the router). No framework type (the model rule of the shared architecture rules, which lets every module's
 * model use this package and no other of schemas).
 */
package dev.rightsflow.schemas.model;
