/**
 * Rightsflow processor connectors: the connector interface, the task runner and access packages.
 */
package dev.rightsflow.connectors;
