package advisor

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// akind says what an anchor word announces.
type akind uint8

const (
	akNone         akind = iota
	akPay                // a payment method word; val is the canonical method
	akBenef              // beneficiary label
	akBenefAddr          // beneficiary address label
	akBank               // "bank" (a label when followed by ":")
	akBankAddr           // bank address label
	akSwift              // SWIFT/BIC label
	akAccount            // account-number label
	akSupplierLbl        // supplier / company label (needs ":")
	akCompany            // company-name suffix (Co., Ltd, Limited, 有限公司…)
	akYearsLbl           // "years on alibaba"
	akMemberSince        // "member since"
	akVerified           // "verified"
	akUnverified         // "not verified", "unverified"
	akGold               // "gold supplier"
	akNotGold            // "not a gold supplier"
	akTA                 // "trade assurance", "TA"
	akResponse           // "response rate"
	akOnTime             // "on-time delivery"
	akTransactions       // "transactions", "online revenue"
	akBizLbl             // "business type"
	akBizWord            // "manufacturer", "trading company"…; val is the type
	akPlace              // a country or city; val is the country, city the city
	akMonth              // a month name; n is 1..12
	akAgo                // "ago", "hace", "前"
	akYesterday          // "yesterday"
	akToday              // "today"
	akPaid               // the buyer says money moved
	akPending            // money is about to move
	akActor              // supplier, factory, they… (for SupplierContent)
	akDocument           // "dear customer", "proforma invoice", "quotation"
	akCountryLbl         // "country:", "location:"
	akBankName           // a bank's own name (HSBC, ICBC…); val is its home country, if one
	akHandle             // a messenger label before an ID ("wechat:", "微信号")
	akCount              // number of kinds
)

// anchor is one word or phrase the scanner looks for, lower case.
type anchor struct {
	text string
	kind akind
	val  string
	city string
	n    int
	// upper: the input must be written in capitals ("HK", "TA").
	upper bool
	// colon: only counts as a label when ":" or "：" follows.
	colon bool
}

// Canonical payment methods (Facts.PaymentMethods, Facts.PaymentMethod).
const (
	PayTT           = "T/T"
	PayWesternUnion = "Western Union"
	PayMoneyGram    = "MoneyGram"
	PayPayPal       = "PayPal"
	PayPayPalFF     = "PayPal Friends & Family"
	PayCrypto       = "crypto"
	PayGiftCard     = "gift card"
	PayAlibaba      = "Alibaba.com secure payment"
	PayLater        = "Pay Later"
	PayLC           = "L/C"
	PayCard         = "credit card"
	PayAlipay       = "Alipay"
	PayWeChatPay    = "WeChat Pay"
	PayCash         = "cash"
	PayEscrow       = "escrow"
)

var baseAnchors = []anchor{
	// Payment methods.
	{text: "t/t", kind: akPay, val: PayTT}, {text: "tt", kind: akPay, val: PayTT},
	{text: "t.t.", kind: akPay, val: PayTT}, {text: "telegraphic transfer", kind: akPay, val: PayTT},
	{text: "wire transfer", kind: akPay, val: PayTT}, {text: "wire", kind: akPay, val: PayTT},
	{text: "wired", kind: akPay, val: PayTT}, {text: "wiring", kind: akPay, val: PayTT},
	{text: "bank transfer", kind: akPay, val: PayTT}, {text: "bank wire", kind: akPay, val: PayTT},
	{text: "swift transfer", kind: akPay, val: PayTT}, {text: "电汇", kind: akPay, val: PayTT},
	{text: "transferencia", kind: akPay, val: PayTT}, {text: "transferencia bancaria", kind: akPay, val: PayTT},
	{text: "western union", kind: akPay, val: PayWesternUnion}, {text: "westernunion", kind: akPay, val: PayWesternUnion},
	{text: "西联", kind: akPay, val: PayWesternUnion},
	{text: "moneygram", kind: akPay, val: PayMoneyGram}, {text: "money gram", kind: akPay, val: PayMoneyGram},
	{text: "paypal", kind: akPay, val: PayPayPal},
	{text: "paypal friends and family", kind: akPay, val: PayPayPalFF},
	{text: "paypal friends & family", kind: akPay, val: PayPayPalFF},
	{text: "paypal f&f", kind: akPay, val: PayPayPalFF}, {text: "paypal ff", kind: akPay, val: PayPayPalFF},
	{text: "friends and family", kind: akPay, val: PayPayPalFF}, {text: "friends & family", kind: akPay, val: PayPayPalFF},
	{text: "f&f", kind: akPay, val: PayPayPalFF},
	{text: "usdt", kind: akPay, val: PayCrypto}, {text: "usdc", kind: akPay, val: PayCrypto},
	{text: "btc", kind: akPay, val: PayCrypto}, {text: "bitcoin", kind: akPay, val: PayCrypto},
	{text: "eth", kind: akPay, val: PayCrypto}, {text: "ethereum", kind: akPay, val: PayCrypto},
	{text: "crypto", kind: akPay, val: PayCrypto}, {text: "cryptocurrency", kind: akPay, val: PayCrypto},
	{text: "tether", kind: akPay, val: PayCrypto}, {text: "trc20", kind: akPay, val: PayCrypto},
	{text: "erc20", kind: akPay, val: PayCrypto}, {text: "binance", kind: akPay, val: PayCrypto},
	{text: "crypto wallet", kind: akPay, val: PayCrypto}, {text: "wallet address", kind: akPay, val: PayCrypto},
	{text: "虚拟币", kind: akPay, val: PayCrypto}, {text: "比特币", kind: akPay, val: PayCrypto},
	{text: "gift card", kind: akPay, val: PayGiftCard}, {text: "gift cards", kind: akPay, val: PayGiftCard},
	{text: "giftcard", kind: akPay, val: PayGiftCard}, {text: "itunes card", kind: akPay, val: PayGiftCard},
	{text: "steam card", kind: akPay, val: PayGiftCard}, {text: "google play card", kind: akPay, val: PayGiftCard},
	{text: "amazon card", kind: akPay, val: PayGiftCard}, {text: "礼品卡", kind: akPay, val: PayGiftCard},
	{text: "tarjeta de regalo", kind: akPay, val: PayGiftCard}, {text: "tarjetas de regalo", kind: akPay, val: PayGiftCard},
	{text: "alibaba.com secure payment", kind: akPay, val: PayAlibaba}, {text: "secure payment", kind: akPay, val: PayAlibaba},
	{text: "alibaba secure payment", kind: akPay, val: PayAlibaba}, {text: "trade assurance order", kind: akPay, val: PayAlibaba},
	{text: "trade assurance orders", kind: akPay, val: PayAlibaba}, {text: "ta order", kind: akPay, val: PayAlibaba},
	{text: "ta orders", kind: akPay, val: PayAlibaba}, {text: "order page", kind: akPay, val: PayAlibaba},
	{text: "through trade assurance", kind: akPay, val: PayAlibaba}, {text: "via trade assurance", kind: akPay, val: PayAlibaba},
	{text: "through alibaba", kind: akPay, val: PayAlibaba}, {text: "via alibaba", kind: akPay, val: PayAlibaba},
	{text: "on alibaba", kind: akPay, val: PayAlibaba},
	{text: "pay later", kind: akPay, val: PayLater},
	{text: "l/c", kind: akPay, val: PayLC}, {text: "letter of credit", kind: akPay, val: PayLC},
	{text: "lc at sight", kind: akPay, val: PayLC}, {text: "信用证", kind: akPay, val: PayLC},
	{text: "carta de crédito", kind: akPay, val: PayLC},
	{text: "credit card", kind: akPay, val: PayCard}, {text: "alipay", kind: akPay, val: PayAlipay},
	{text: "支付宝", kind: akPay, val: PayAlipay}, {text: "wechat pay", kind: akPay, val: PayWeChatPay},
	{text: "微信支付", kind: akPay, val: PayWeChatPay}, {text: "cash", kind: akPay, val: PayCash},
	{text: "escrow", kind: akPay, val: PayEscrow},

	// Payment instructions.
	{text: "beneficiary", kind: akBenef, colon: true}, {text: "beneficiary name", kind: akBenef},
	{text: "beneficiary's name", kind: akBenef}, {text: "name of beneficiary", kind: akBenef},
	{text: "beneficiary company", kind: akBenef}, {text: "account name", kind: akBenef},
	{text: "account holder", kind: akBenef}, {text: "account holder name", kind: akBenef},
	{text: "a/c name", kind: akBenef}, {text: "acc name", kind: akBenef}, {text: "acct name", kind: akBenef},
	{text: "payee", kind: akBenef, colon: true}, {text: "payee name", kind: akBenef},
	{text: "pay to", kind: akBenef, colon: true},
	{text: "收款人", kind: akBenef}, {text: "受益人", kind: akBenef}, {text: "户名", kind: akBenef},
	{text: "收款单位", kind: akBenef}, {text: "账户名", kind: akBenef}, {text: "账户名称", kind: akBenef},
	{text: "收款人名称", kind: akBenef},
	{text: "beneficiario", kind: akBenef}, {text: "titular", kind: akBenef}, {text: "nombre del beneficiario", kind: akBenef},
	{text: "titular de la cuenta", kind: akBenef},
	// Common misspellings.
	{text: "benificiary", kind: akBenef, colon: true}, {text: "beneficary", kind: akBenef, colon: true},
	{text: "benefeciary", kind: akBenef, colon: true}, {text: "beneficiery", kind: akBenef, colon: true},
	{text: "benificiary name", kind: akBenef}, {text: "beneficary name", kind: akBenef},
	{text: "acount name", kind: akBenef}, {text: "acount", kind: akAccount}, {text: "acount no", kind: akAccount},
	{text: "accout", kind: akAccount}, {text: "acount number", kind: akAccount}, {text: "swfit", kind: akSwift},
	{text: "beneficiary address", kind: akBenefAddr}, {text: "beneficiary's address", kind: akBenefAddr},
	{text: "dirección del beneficiario", kind: akBenefAddr}, {text: "收款人地址", kind: akBenefAddr},
	{text: "bank", kind: akBank}, {text: "bank name", kind: akBank}, {text: "beneficiary bank", kind: akBank},
	{text: "beneficiary's bank", kind: akBank}, {text: "beneficiary bank name", kind: akBank},
	{text: "receiving bank", kind: akBank}, {text: "bank of beneficiary", kind: akBank},
	{text: "开户行", kind: akBank}, {text: "开户银行", kind: akBank}, {text: "收款银行", kind: akBank},
	{text: "银行", kind: akBank, colon: true}, {text: "银行名称", kind: akBank},
	{text: "banco", kind: akBank}, {text: "banco beneficiario", kind: akBank},
	{text: "bank address", kind: akBankAddr}, {text: "beneficiary bank address", kind: akBankAddr},
	{text: "开户行地址", kind: akBankAddr}, {text: "银行地址", kind: akBankAddr}, {text: "dirección del banco", kind: akBankAddr},
	{text: "swift", kind: akSwift}, {text: "swift code", kind: akSwift}, {text: "swift/bic", kind: akSwift},
	{text: "bic", kind: akSwift}, {text: "swift bic", kind: akSwift}, {text: "bic/swift", kind: akSwift},
	{text: "código swift", kind: akSwift}, {text: "swift代码", kind: akSwift},
	{text: "account", kind: akAccount}, {text: "account no", kind: akAccount}, {text: "account number", kind: akAccount},
	{text: "account no.", kind: akAccount}, {text: "acc", kind: akAccount}, {text: "acc no", kind: akAccount},
	{text: "acc no.", kind: akAccount}, {text: "acct", kind: akAccount}, {text: "acct no", kind: akAccount},
	{text: "a/c", kind: akAccount}, {text: "a/c no", kind: akAccount}, {text: "a/c no.", kind: akAccount},
	{text: "beneficiary account", kind: akAccount}, {text: "beneficiary account no", kind: akAccount},
	{text: "beneficiary account number", kind: akAccount}, {text: "beneficiary a/c", kind: akAccount},
	{text: "usd account", kind: akAccount}, {text: "iban", kind: akAccount},
	{text: "账号", kind: akAccount}, {text: "帐号", kind: akAccount}, {text: "账户", kind: akAccount},
	{text: "帐户", kind: akAccount}, {text: "卡号", kind: akAccount}, {text: "收款账号", kind: akAccount},
	{text: "cuenta", kind: akAccount}, {text: "número de cuenta", kind: akAccount},
	{text: "numero de cuenta", kind: akAccount}, {text: "no. de cuenta", kind: akAccount},
	{text: "clabe", kind: akAccount},

	// Supplier profile.
	{text: "supplier", kind: akSupplierLbl, colon: true}, {text: "supplier name", kind: akSupplierLbl, colon: true},
	{text: "company", kind: akSupplierLbl, colon: true}, {text: "company name", kind: akSupplierLbl, colon: true},
	{text: "seller", kind: akSupplierLbl, colon: true}, {text: "manufacturer", kind: akSupplierLbl, colon: true},
	{text: "exporter", kind: akSupplierLbl, colon: true}, {text: "shipper", kind: akSupplierLbl, colon: true},
	{text: "vendor", kind: akSupplierLbl, colon: true}, {text: "store name", kind: akSupplierLbl, colon: true},
	{text: "供应商", kind: akSupplierLbl, colon: true}, {text: "公司名称", kind: akSupplierLbl, colon: true},
	{text: "卖方", kind: akSupplierLbl, colon: true}, {text: "proveedor", kind: akSupplierLbl, colon: true},
	{text: "empresa", kind: akSupplierLbl, colon: true}, {text: "vendedor", kind: akSupplierLbl, colon: true},
	{text: "co., ltd", kind: akCompany}, {text: "co.,ltd", kind: akCompany}, {text: "co. ltd", kind: akCompany},
	{text: "co ltd", kind: akCompany}, {text: "co.,limited", kind: akCompany}, {text: "co., limited", kind: akCompany},
	{text: "co. limited", kind: akCompany}, {text: "co.", kind: akCompany}, {text: "co.,ltd.", kind: akCompany},
	{text: "co., ltd.", kind: akCompany}, {text: "co. ltd.", kind: akCompany}, {text: "co ltd.", kind: akCompany},
	{text: "company limited", kind: akCompany}, {text: "company ltd", kind: akCompany},
	{text: "limited", kind: akCompany, upper: true}, {text: "ltd", kind: akCompany}, {text: "ltd.", kind: akCompany},
	{text: "llc", kind: akCompany}, {text: "inc", kind: akCompany, upper: true}, {text: "inc.", kind: akCompany},
	{text: "corp", kind: akCompany, upper: true}, {text: "corp.", kind: akCompany},
	{text: "corporation", kind: akCompany, upper: true}, {text: "gmbh", kind: akCompany},
	{text: "pte ltd", kind: akCompany}, {text: "pte. ltd.", kind: akCompany}, {text: "sdn bhd", kind: akCompany},
	{text: "pvt ltd", kind: akCompany}, {text: "pvt. ltd.", kind: akCompany}, {text: "plc", kind: akCompany, upper: true},
	{text: "s.a.", kind: akCompany, upper: true}, {text: "s.l.", kind: akCompany, upper: true},
	{text: "s.a. de c.v.", kind: akCompany, upper: true}, {text: "有限公司", kind: akCompany},
	{text: "有限责任公司", kind: akCompany}, {text: "贸易公司", kind: akCompany},
	{text: "years on alibaba", kind: akYearsLbl}, {text: "years on platform", kind: akYearsLbl},
	{text: "years on the platform", kind: akYearsLbl}, {text: "years with alibaba", kind: akYearsLbl},
	{text: "year on alibaba", kind: akYearsLbl}, {text: "yrs on alibaba", kind: akYearsLbl},
	{text: "member since", kind: akMemberSince}, {text: "joined alibaba", kind: akMemberSince},
	{text: "verified", kind: akVerified}, {text: "verified supplier", kind: akVerified},
	{text: "verified pro", kind: akVerified}, {text: "已认证", kind: akVerified}, {text: "verificado", kind: akVerified},
	{text: "unverified", kind: akUnverified}, {text: "not verified", kind: akUnverified},
	{text: "non-verified", kind: akUnverified}, {text: "not a verified", kind: akUnverified},
	{text: "isn't verified", kind: akUnverified}, {text: "is not verified", kind: akUnverified},
	{text: "no verified", kind: akUnverified}, {text: "not verifed", kind: akUnverified},
	{text: "未认证", kind: akUnverified}, {text: "no verificado", kind: akUnverified},
	{text: "verifed", kind: akVerified},
	{text: "gold supplier", kind: akGold}, {text: "gold member", kind: akGold}, {text: "gold plus", kind: akGold},
	{text: "金牌供应商", kind: akGold}, {text: "not a gold supplier", kind: akNotGold},
	{text: "not gold supplier", kind: akNotGold}, {text: "no gold supplier", kind: akNotGold},
	{text: "trade assurance", kind: akTA}, {text: "ta", kind: akTA, upper: true}, {text: "ta limit", kind: akTA},
	{text: "trade assurance limit", kind: akTA}, {text: "信保", kind: akTA}, {text: "信用保障", kind: akTA},
	{text: "response rate", kind: akResponse}, {text: "reply rate", kind: akResponse}, {text: "回复率", kind: akResponse},
	{text: "on-time delivery", kind: akOnTime}, {text: "on time delivery", kind: akOnTime},
	{text: "on-time delivery rate", kind: akOnTime}, {text: "on-time shipment", kind: akOnTime},
	{text: "ontime delivery", kind: akOnTime}, {text: "准时发货率", kind: akOnTime}, {text: "准时交货率", kind: akOnTime},
	{text: "transactions", kind: akTransactions}, {text: "transaction", kind: akTransactions},
	{text: "online revenue", kind: akTransactions}, {text: "transaction volume", kind: akTransactions},
	{text: "交易额", kind: akTransactions},
	{text: "business type", kind: akBizLbl}, {text: "business model", kind: akBizLbl}, {text: "经营模式", kind: akBizLbl},
	{text: "manufacturer", kind: akBizWord, val: "manufacturer"}, {text: "custom manufacturer", kind: akBizWord, val: "manufacturer"},
	{text: "factory", kind: akBizWord, val: "manufacturer"}, {text: "trading company", kind: akBizWord, val: "trading company"},
	{text: "trader", kind: akBizWord, val: "trading company"}, {text: "生产厂家", kind: akBizWord, val: "manufacturer"},
	{text: "贸易公司", kind: akBizWord, val: "trading company"},
	{text: "country", kind: akCountryLbl, colon: true}, {text: "country/region", kind: akCountryLbl, colon: true},
	{text: "location", kind: akCountryLbl, colon: true}, {text: "located in", kind: akCountryLbl},
	{text: "based in", kind: akCountryLbl}, {text: "país", kind: akCountryLbl, colon: true},
	{text: "所在地", kind: akCountryLbl, colon: true},
	{text: "hk", kind: akPlace, val: "Hong Kong", upper: true},

	// Banks by name (val: home country when unambiguous).
	{text: "hsbc", kind: akBankName, val: ""},
	{text: "icbc", kind: akBankName, val: "China"},
	{text: "boc", kind: akBankName, val: "China", upper: true},
	{text: "bank of china", kind: akBankName, val: "China"},
	{text: "china construction bank", kind: akBankName, val: "China"},
	{text: "ccb", kind: akBankName, val: "China", upper: true},
	{text: "agricultural bank of china", kind: akBankName, val: "China"},
	{text: "bank of communications", kind: akBankName, val: "China"},
	{text: "china merchants bank", kind: akBankName, val: "China"},
	{text: "cmb", kind: akBankName, val: "China", upper: true},
	{text: "ping an bank", kind: akBankName, val: "China"},
	{text: "china citic bank", kind: akBankName, val: "China"},
	{text: "citic bank", kind: akBankName, val: "China"},
	{text: "dbs", kind: akBankName, val: "Singapore", upper: true},
	{text: "dbs bank", kind: akBankName, val: "Singapore"},
	{text: "ocbc", kind: akBankName, val: "Singapore"},
	{text: "uob", kind: akBankName, val: "Singapore", upper: true},
	{text: "hang seng bank", kind: akBankName, val: "Hong Kong"},
	{text: "hang seng", kind: akBankName, val: "Hong Kong"},
	{text: "bank of east asia", kind: akBankName, val: "Hong Kong"},
	{text: "standard chartered", kind: akBankName, val: ""},
	{text: "citibank", kind: akBankName, val: ""},
	{text: "jpmorgan", kind: akBankName, val: "United States"},
	{text: "jp morgan", kind: akBankName, val: "United States"},
	{text: "wells fargo", kind: akBankName, val: "United States"},
	{text: "bank of america", kind: akBankName, val: "United States"},
	{text: "barclays", kind: akBankName, val: "United Kingdom"},
	{text: "lloyds", kind: akBankName, val: "United Kingdom"},
	{text: "natwest", kind: akBankName, val: "United Kingdom"},
	{text: "deutsche bank", kind: akBankName, val: "Germany"},
	{text: "commerzbank", kind: akBankName, val: "Germany"},
	{text: "santander", kind: akBankName, val: ""},
	{text: "bbva", kind: akBankName, val: ""},
	{text: "zenith bank", kind: akBankName, val: "Nigeria"},
	{text: "access bank", kind: akBankName, val: "Nigeria"},
	{text: "gtbank", kind: akBankName, val: "Nigeria"},
	{text: "guaranty trust bank", kind: akBankName, val: "Nigeria"},
	{text: "first bank of nigeria", kind: akBankName, val: "Nigeria"},
	{text: "uba", kind: akBankName, val: "Nigeria", upper: true},
	{text: "ecobank", kind: akBankName, val: ""},
	{text: "emirates nbd", kind: akBankName, val: "United Arab Emirates"},
	{text: "mashreq", kind: akBankName, val: "United Arab Emirates"},
	{text: "transferwise", kind: akBankName, val: ""},
	{text: "payoneer", kind: akBankName, val: ""},
	{text: "airwallex", kind: akBankName, val: ""},
	{text: "revolut", kind: akBankName, val: ""},
	{text: "maybank", kind: akBankName, val: "Malaysia"},
	{text: "vietcombank", kind: akBankName, val: "Vietnam"},
	{text: "hdfc bank", kind: akBankName, val: "India"},
	{text: "icici bank", kind: akBankName, val: "India"},
	{text: "中国银行", kind: akBankName, val: "China"},
	{text: "工商银行", kind: akBankName, val: "China"},
	{text: "中国工商银行", kind: akBankName, val: "China"},
	{text: "建设银行", kind: akBankName, val: "China"},
	{text: "中国建设银行", kind: akBankName, val: "China"},
	{text: "农业银行", kind: akBankName, val: "China"},
	{text: "招商银行", kind: akBankName, val: "China"},
	{text: "交通银行", kind: akBankName, val: "China"},
	{text: "汇丰银行", kind: akBankName, val: ""},
	{text: "星展银行", kind: akBankName, val: "Singapore"},
	{text: "恒生银行", kind: akBankName, val: "Hong Kong"},

	// Messenger IDs (read with scanHandle, as Redact does).
	{text: "wechat", kind: akHandle}, {text: "we chat", kind: akHandle}, {text: "weixin", kind: akHandle},
	{text: "微信", kind: akHandle}, {text: "skype", kind: akHandle}, {text: "telegram", kind: akHandle},

	// Dates.
	{text: "ago", kind: akAgo}, {text: "前", kind: akAgo}, {text: "hace", kind: akAgo},
	{text: "yesterday", kind: akYesterday}, {text: "ayer", kind: akYesterday}, {text: "昨天", kind: akYesterday},
	{text: "today", kind: akToday}, {text: "hoy", kind: akToday}, {text: "今天", kind: akToday},

	// Payment status.
	{text: "wired", kind: akPaid}, {text: "paid", kind: akPaid}, {text: "i paid", kind: akPaid},
	{text: "we paid", kind: akPaid}, {text: "already paid", kind: akPaid}, {text: "have paid", kind: akPaid},
	{text: "sent the money", kind: akPaid}, {text: "sent the deposit", kind: akPaid},
	{text: "sent the payment", kind: akPaid}, {text: "sent them", kind: akPaid}, {text: "transferred", kind: akPaid},
	{text: "made the payment", kind: akPaid}, {text: "made payment", kind: akPaid}, {text: "payment done", kind: akPaid},
	{text: "payment made", kind: akPaid}, {text: "deposit paid", kind: akPaid}, {text: "已付", kind: akPaid},
	{text: "已经付", kind: akPaid}, {text: "已汇", kind: akPaid}, {text: "已付款", kind: akPaid}, {text: "pagué", kind: akPaid},
	{text: "ya pagué", kind: akPaid}, {text: "hemos pagado", kind: akPaid}, {text: "transferí", kind: akPaid},
	{text: "before we wire", kind: akPending}, {text: "before i wire", kind: akPending},
	{text: "before we pay", kind: akPending}, {text: "before i pay", kind: akPending},
	{text: "before paying", kind: akPending}, {text: "before wiring", kind: akPending},
	{text: "about to pay", kind: akPending}, {text: "about to wire", kind: akPending},
	{text: "going to pay", kind: akPending}, {text: "going to wire", kind: akPending},
	{text: "will pay", kind: akPending}, {text: "should i pay", kind: akPending}, {text: "should we pay", kind: akPending},
	{text: "can i pay", kind: akPending}, {text: "arrange the balance", kind: akPending},
	{text: "arrange payment", kind: akPending}, {text: "arrange the payment", kind: akPending},
	{text: "arrange the deposit", kind: akPending}, {text: "kindly arrange", kind: akPending},
	{text: "please pay", kind: akPending}, {text: "kindly pay", kind: akPending}, {text: "pay the balance", kind: akPending},
	{text: "pay the deposit", kind: akPending}, {text: "pay either", kind: akPending}, {text: "pay either one", kind: akPending},
	{text: "pay to", kind: akPending}, {text: "pay now", kind: akPending}, {text: "pay today", kind: akPending},
	{text: "pay first", kind: akPending}, {text: "need to pay", kind: akPending}, {text: "have to pay", kind: akPending},
	{text: "asks me to pay", kind: akPending}, {text: "asked me to pay", kind: akPending},
	{text: "asks me to confirm and pay", kind: akPending}, {text: "want me to pay", kind: akPending},
	{text: "wants me to pay", kind: akPending}, {text: "they want", kind: akPending}, {text: "he wants", kind: akPending},
	{text: "she wants", kind: akPending}, {text: "supplier wants", kind: akPending}, {text: "requests payment", kind: akPending},
	{text: "send the deposit", kind: akPending}, {text: "send payment", kind: akPending},
	{text: "and pay", kind: akPending}, {text: "before production", kind: akPending},
	{text: "wants payment", kind: akPending}, {text: "want payment", kind: akPending},
	{text: "wants full payment", kind: akPending}, {text: "asks for payment", kind: akPending},
	{text: "asked for payment", kind: akPending}, {text: "requires payment", kind: akPending},
	{text: "complete payment", kind: akPending}, {text: "complete the payment", kind: akPending},
	{text: "make the payment", kind: akPending}, {text: "make payment", kind: akPending},
	{text: "pidió pagar", kind: akPending}, {text: "pide pagar", kind: akPending}, {text: "quiere que paguemos", kind: akPending},
	{text: "请付款", kind: akPending}, {text: "请安排付款", kind: akPending}, {text: "尽快付款", kind: akPending},
	{text: "安排付款", kind: akPending}, {text: "安排余款", kind: akPending}, {text: "请尽快安排", kind: akPending},
	{text: "need payment", kind: akPending}, {text: "need the payment", kind: akPending},
	{text: "payment by", kind: akPending}, {text: "pay by", kind: akPending}, {text: "pay via", kind: akPending},
	{text: "pay with", kind: akPending}, {text: "after payment", kind: akPending}, {text: "payment to", kind: akPending},
	{text: "transfer to", kind: akPending}, {text: "wire to", kind: akPending}, {text: "send money", kind: akPending},
	{text: "转到", kind: akPending}, {text: "汇到", kind: akPending}, {text: "付到", kind: akPending}, {text: "转账到", kind: akPending},
	{text: "realizar el pago", kind: akPending}, {text: "favor de depositar", kind: akPending},
	{text: "por favor pague", kind: akPending}, {text: "debe pagar", kind: akPending},

	// Supplier content.
	{text: "supplier", kind: akActor}, {text: "suppliers", kind: akActor}, {text: "factory", kind: akActor},
	{text: "seller", kind: akActor}, {text: "vendor", kind: akActor}, {text: "manufacturer", kind: akActor},
	{text: "they", kind: akActor}, {text: "he", kind: akActor}, {text: "she", kind: akActor},
	{text: "sales", kind: akActor}, {text: "company", kind: akActor}, {text: "store", kind: akActor},
	{text: "exporter", kind: akActor}, {text: "pi", kind: akActor}, {text: "invoice", kind: akActor},
	{text: "agent", kind: akActor}, {text: "proveedor", kind: akActor}, {text: "fábrica", kind: akActor},
	{text: "供应商", kind: akActor}, {text: "工厂", kind: akActor}, {text: "卖家", kind: akActor},
	{text: "dear customer", kind: akDocument}, {text: "dear valued customer", kind: akDocument},
	{text: "dear friend", kind: akDocument}, {text: "dear sir", kind: akDocument}, {text: "dear buyer", kind: akDocument},
	{text: "dear client", kind: akDocument}, {text: "dear partner", kind: akDocument},
	{text: "proforma invoice", kind: akDocument}, {text: "pro forma invoice", kind: akDocument},
	{text: "proforma", kind: akDocument}, {text: "quotation", kind: akDocument}, {text: "profile", kind: akDocument, colon: true},
	{text: "尊敬的客户", kind: akDocument}, {text: "亲爱的", kind: akDocument}, {text: "estimado cliente", kind: akDocument},
	{text: "形式发票", kind: akDocument}, {text: "报价单", kind: akDocument},
	{text: "we are a factory", kind: akDocument}, {text: "we are factory", kind: akDocument},
	{text: "we are a manufacturer", kind: akDocument}, {text: "we are manufacturer", kind: akDocument},
	{text: "we are the factory", kind: akDocument}, {text: "our factory", kind: akDocument},
	{text: "somos fabricantes", kind: akDocument}, {text: "我们是工厂", kind: akDocument},
}

// monthNames are matched as whole words; n is the month.
var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

var (
	// anchorsByWord indexes ASCII-led anchors by their leading [a-z]+ run,
	// longest anchor first (built from byWord in init).
	anchorsByWord *wordTable[[]anchor]
	// anchorsByRune indexes anchors that start with a non-ASCII rune, and
	// anchorRunes has a bit for each such rune (below U+10000): a Chinese
	// paste is read one rune at a time, and most runes start no anchor.
	anchorsByRune = map[rune][]anchor{}
	anchorRunes   [1 << 16 / 64]uint64
)

func init() {
	all := append([]anchor(nil), baseAnchors...)
	for _, c := range countries {
		all = append(all, anchor{text: strings.ToLower(c.name), kind: akPlace, val: c.name})
		for _, a := range c.aliases {
			all = append(all, anchor{text: a, kind: akPlace, val: c.name})
		}
	}
	for city, ctry := range cities {
		a := anchor{text: city, kind: akPlace, val: ctry, city: titleCity(city)}
		if provinces[city] {
			a.city = ""
		}
		all = append(all, a)
	}
	for zh, en := range hanCities {
		all = append(all, anchor{text: zh, kind: akPlace, val: "China", city: en})
	}
	for w, m := range monthNames {
		all = append(all, anchor{text: w, kind: akMonth, n: m})
	}
	byWord := map[string][]anchor{}
	for _, a := range all {
		if a.text[0] < 0x80 {
			k := leadWord(a.text)
			byWord[k] = append(byWord[k], a)
		} else {
			r, _ := utf8.DecodeRuneInString(a.text)
			anchorsByRune[r] = append(anchorsByRune[r], a)
			if r < 1<<16 {
				anchorRunes[r>>6] |= 1 << (r & 63)
			}
		}
	}
	for k := range byWord {
		sortAnchors(byWord[k])
	}
	anchorsByWord = tableOf(byWord)
	for k := range anchorsByRune {
		sortAnchors(anchorsByRune[k])
	}
}

func sortAnchors(l []anchor) {
	sort.SliceStable(l, func(i, j int) bool {
		if len(l[i].text) != len(l[j].text) {
			return len(l[i].text) > len(l[j].text)
		}
		return l[i].text < l[j].text
	})
}

// leadWord is the leading run of ASCII letters of s.
func leadWord(s string) string {
	j := 0
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	return s[:j]
}

// titleCity capitalises each word of a lower-case ASCII city name; other
// names are returned as they are.
func titleCity(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
		up = c == ' '
	}
	return string(b)
}

// hit is one anchor found in the input: low[start:end] == a.text.
type hit struct {
	a          *anchor
	start, end int
}
