// Package rules holds TradeGuard's red-flag rules: each rule is data with a
// pure Match function and carries its own hits and near misses.
//
// Text rules match phrase patterns (English, Chinese and Spanish) on short
// windows around anchor words found by one shared scan of the input (see
// scan.go); fact rules read advisor.Facts and quote the input span the fact
// was read from. Every Finding's evidence is an exact substring of the input.
package rules

import "tradeguard/advisor"

// Version names the ruleset; bump it whenever a rule's behaviour changes.
const Version = "2026.11.1"

// Default returns the full ruleset in evaluation order.
func Default() advisor.Ruleset {
	return advisor.Ruleset{Version: Version, Rules: all(), Situations: situations}
}

// all lists the 30 rules in their documented order.
func all() []advisor.Rule {
	return []advisor.Rule{
		// Where the money goes.
		offPlatformPayment(),
		bankAccountChangeRule(),
		personalBeneficiaryRule(),
		beneficiaryNameMismatch(),
		beneficiaryCountryMismatch(),
		cryptoOrGiftCard(),
		lookalikeDomain(),
		supplierImpersonation(),
		// How and when it is paid.
		fullUpfrontPayment(),
		urgencyPressure(),
		priceTooLow(),
		// Trade Assurance cover.
		noTradeAssurance(),
		orderExceedsTALimit(),
		customizedGoods(),
		intangibleGoods(),
		disputeWindowRisk(),
		// The supplier.
		unverifiedSupplier(),
		shortHistoryRule(),
		lowRatings(),
		tradingPosingAsFactory(),
		freeEmailDomain(),
		// The goods and the evidence.
		stockPhotosRule(),
		refusesSamplesOrInspection(),
		suspiciousCertificate(),
		counterfeitIPRisk(),
		fakeTrackingSite(),
		missingDocuments(),
		// The conversation.
		vagueCommunication(),
		offPlatformChatRule(),
		promptInjection(),
	}
}
