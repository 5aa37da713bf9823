/** MongoDB adapter of the case projection. */
package dev.rightsflow.auditlog.cases.mongo;
