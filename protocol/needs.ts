/**
 * The 77 customer needs of BANKING77 (Casanueva et al. 2020, CC BY 4.0), in the dataset's own
 * order and spelling: what a kiosk question is understood as (models/kb-intent), what a self-help
 * guide answers (hub/kb), and what a kiosk session reports it answered (`tp.kiosk.session`).
 * Copied from `banking77-categories.json` rather than derived from the training CSV: the ids are a
 * contract, and two of them are irregular (`Refund_not_showing_up` has a capital,
 * `reverted_card_payment?` a question mark).
 */
export const NEEDS = [
  'card_arrival', 'card_linking', 'exchange_rate', 'card_payment_wrong_exchange_rate',
  'extra_charge_on_statement', 'pending_cash_withdrawal', 'fiat_currency_support', 'card_delivery_estimate',
  'automatic_top_up', 'card_not_working', 'exchange_via_app', 'lost_or_stolen_card', 'age_limit',
  'pin_blocked', 'contactless_not_working', 'top_up_by_bank_transfer_charge', 'pending_top_up',
  'cancel_transfer', 'top_up_limits', 'wrong_amount_of_cash_received', 'card_payment_fee_charged',
  'transfer_not_received_by_recipient', 'supported_cards_and_currencies', 'getting_virtual_card',
  'card_acceptance', 'top_up_reverted', 'balance_not_updated_after_cheque_or_cash_deposit',
  'card_payment_not_recognised', 'edit_personal_details', 'why_verify_identity', 'unable_to_verify_identity',
  'get_physical_card', 'visa_or_mastercard', 'topping_up_by_card', 'disposable_card_limits',
  'compromised_card', 'atm_support', 'direct_debit_payment_not_recognised', 'passcode_forgotten',
  'declined_cash_withdrawal', 'pending_card_payment', 'lost_or_stolen_phone', 'request_refund',
  'declined_transfer', 'Refund_not_showing_up', 'declined_card_payment', 'pending_transfer',
  'terminate_account', 'card_swallowed', 'transaction_charged_twice', 'verify_source_of_funds',
  'transfer_timing', 'reverted_card_payment?', 'change_pin', 'beneficiary_not_allowed',
  'transfer_fee_charged', 'receiving_money', 'failed_transfer', 'transfer_into_account', 'verify_top_up',
  'getting_spare_card', 'top_up_by_cash_or_cheque', 'order_physical_card', 'virtual_card_not_working',
  'wrong_exchange_rate_for_cash_withdrawal', 'get_disposable_virtual_card', 'top_up_failed',
  'balance_not_updated_after_bank_transfer', 'cash_withdrawal_not_recognised', 'exchange_charge',
  'top_up_by_card_charge', 'activate_my_card', 'cash_withdrawal_charge', 'card_about_to_expire',
  'apple_pay_or_google_pay', 'verify_my_identity', 'country_support',
] as const;

export type Need = (typeof NEEDS)[number];

const NEED_SET: ReadonlySet<string> = new Set(NEEDS);

export function isNeed(value: string): value is Need {
  return NEED_SET.has(value);
}
