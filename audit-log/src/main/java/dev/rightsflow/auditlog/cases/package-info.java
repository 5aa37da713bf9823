/** Case projection feature: each request folded into a case with its deadline as it stands (model, application, mongo). */
package dev.rightsflow.auditlog.cases;
