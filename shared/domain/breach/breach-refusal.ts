/**
 * Why a breach decision is refused: `invalid` when a field of the request is wrong in itself or against the
 * breach's dates, `conflict` when the breach's state does not allow it now. Names the field either way.
 */
export interface BreachRefusal {
  kind: 'invalid' | 'conflict';
  field: string;
  message: string;
}
