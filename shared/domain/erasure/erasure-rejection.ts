/**
 * Why a controller may refuse to erase (GDPR Art. 12(4) requires telling the subject why): it cannot tell
 * who asked (Art. 12(2), 11(2)), the request is manifestly unfounded or excessive (Art. 12(5)), or one of the
 * exceptions of Art. 17(3) applies.
 */
export const REJECTION_GROUNDS = [
  'identity_not_established',
  'manifestly_unfounded',
  'excessive',
  'freedom_of_expression',
  'legal_obligation',
  'public_health',
  'archiving_research',
  'legal_claims',
] as const;
export type RejectionGround = (typeof REJECTION_GROUNDS)[number];

/** The legal team's refusal, as kept on the request: its ground, its reason (the subject reads it) and when. */
export interface ErasureRejection {
  ground: RejectionGround;
  reason: string;
  rejectedAt: string;
}
