package advisor

// Facts are what extraction read from the input. The first nine fields are the
// firm contract of DESIGN.md and are always present in JSON (null when unknown);
// the rest are omitted when unknown.
type Facts struct {
	SupplierName           string   `json:"supplier_name"`
	YearsOnPlatform        *int     `json:"years_on_platform"`
	Verified               *bool    `json:"verified"`
	TradeAssuranceLimitUSD *float64 `json:"trade_assurance_limit_usd"`
	OrderAmountUSD         *float64 `json:"order_amount_usd"`
	PaymentMethod          string   `json:"payment_method"`
	BeneficiaryName        string   `json:"beneficiary_name"`
	BeneficiaryCountry     string   `json:"beneficiary_country"`
	// DeliveryDate is the date the goods were delivered or receipt was
	// confirmed, as YYYY-MM-DD.
	DeliveryDate string `json:"delivery_date"`

	// Supplier profile.
	SupplierCountry string `json:"supplier_country,omitempty"`
	SupplierCity    string `json:"supplier_city,omitempty"`
	// BusinessType is "manufacturer", "trading company", or
	// "manufacturer, trading company" when the profile lists both.
	BusinessType       string   `json:"business_type,omitempty"`
	GoldSupplier       *bool    `json:"gold_supplier,omitempty"`
	Rating             *float64 `json:"rating,omitempty"` // out of 5
	ReviewCount        *int     `json:"review_count,omitempty"`
	ResponseRate       *float64 `json:"response_rate_pct,omitempty"`
	OnTimeDeliveryRate *float64 `json:"on_time_delivery_pct,omitempty"`
	Transactions       *int     `json:"transactions,omitempty"`
	TransactionVolUSD  *float64 `json:"transaction_volume_usd,omitempty"`

	// Money.
	OrderAmount *Money  `json:"order_amount,omitempty"`
	UnitPrices  []Money `json:"unit_prices,omitempty"`
	// PaymentMethods are all the methods named, in order, using the Pay…
	// constants (PayTT, PayCrypto…); PaymentMethod is the one asked for.
	PaymentMethods []string `json:"payment_methods,omitempty"`
	// PaymentStatus is "pending" when money is about to move, "paid" when the
	// buyer says it already moved, "" when the input does not say.
	PaymentStatus string `json:"payment_status,omitempty"`

	// Payment instructions. SWIFT is shape-checked, IBAN is mod-97 valid
	// (compact, upper case). BankCountry comes from the SWIFT code, the IBAN,
	// a place in the bank's name or address ("DBS Bank (Hong Kong) Ltd"), the
	// text ("a bank in Lagos, Nigeria") or a known bank's home, in that
	// order; BeneficiaryCountry is where the money lands: BankCountry, else
	// the beneficiary's address. Countries are plain English names (see
	// NormalizeCountry).
	BankName      string `json:"bank_name,omitempty"`
	SWIFT         string `json:"swift,omitempty"`
	AccountNumber string `json:"account_number,omitempty"`
	IBAN          string `json:"iban,omitempty"`
	BankCountry   string `json:"bank_country,omitempty"`

	// Contacts and links. Emails, Phones and WeChatIDs are as written; Domains
	// are lower-case hosts (URL hosts, bare domains, e-mail domains) without
	// "www.".
	Emails    []string `json:"emails,omitempty"`
	Phones    []string `json:"phones,omitempty"`
	WeChatIDs []string `json:"wechat_ids,omitempty"`
	URLs      []string `json:"urls,omitempty"`
	Domains   []string `json:"domains,omitempty"`

	// Dates, YYYY-MM-DD. ShipmentDate is when the goods shipped or are to
	// ship; ReceiptDate is a confirmed receipt; ExpectedDeliveryDate is a
	// promised delivery still in the future.
	ShipmentDate         string `json:"shipment_date,omitempty"`
	ReceiptDate          string `json:"receipt_date,omitempty"`
	ExpectedDeliveryDate string `json:"expected_delivery_date,omitempty"`

	// SupplierContent is true when the input describes a supplier, an offer,
	// an order or payment instructions (something to judge), as opposed to a
	// general question.
	SupplierContent bool `json:"-"`
	// Question is the part of the input that asks something, if any.
	Question string `json:"-"`
	// Spans maps a fact's JSON name to the exact input text it was read from,
	// so fact-based rules can quote their evidence. For list fields the key
	// "field" holds the first value's evidence. PaymentMethods and Domains
	// are normalised, so "payment_methods/<value>" and "domains/<value>" hold
	// each value's evidence (see ItemSpan); Emails, Phones, WeChatIDs, URLs
	// and UnitPrices[i].Text are input text themselves. Every span is a
	// substring of the input.
	Spans map[string]string `json:"-"`
}

// Money is an amount as written, with its currency and the US dollar value
// used for comparisons (fixed reference rates, see ExchangeRates).
type Money struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"` // ISO 4217: USD, EUR, CNY, GBP…
	USD      float64 `json:"usd"`
	Text     string  `json:"text"` // the words it was read from
}

// Span returns the input text a fact was read from, or "".
func (f *Facts) Span(field string) string {
	if f.Spans == nil {
		return ""
	}
	return f.Spans[field]
}

// ItemSpan returns the input text one value of PaymentMethods or Domains was
// read from (ItemSpan("payment_methods", PayCrypto) might be "USDT",
// ItemSpan("domains", "alibaba-secure-pay.com") "Alibaba-Secure-Pay.com"),
// or "".
func (f *Facts) ItemSpan(field, value string) string {
	if f.Spans == nil {
		return ""
	}
	return f.Spans[field+"/"+value]
}
