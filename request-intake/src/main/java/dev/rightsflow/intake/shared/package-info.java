/**
 * What every feature's adapters share and no feature owns: problem JSON for intake's controllers, JSON
 * bodies, the HTML templates and the pages' script, the pages' Content-Security-Policy, rate limiting and trusted
 * proxies ({@code web}); the store helpers ({@code mongo.JsonDocuments}); batch results and repeated rounds
 * ({@code application}). Depends only on {@code request}.
 */
package dev.rightsflow.intake.shared;
