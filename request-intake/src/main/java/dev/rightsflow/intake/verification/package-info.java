/**
 * Identity verification (UK GDPR Art 12(6)): emailed one-time codes ({@code model.VerificationCode}),
 * checking and resending them and publishing {@code IdentityVerified} ({@code application.VerifyIdentity}), and the
 * hashed codes' store ({@code application.CodeStore}, {@code mongo.MongoCodeStore}).
 */
package dev.rightsflow.intake.verification;
