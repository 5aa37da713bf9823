/** Case projection feature: each request folded into a case with its status and deadline as
 * the router states them (its own fold only where the router states none: before the case opens, older history)
 * (model, application, mongo). */
package dev.rightsflow.auditlog.cases;
