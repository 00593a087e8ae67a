package rules

import (
	"fmt"
	"strings"

	"tradeguard/advisor"
)

// Payment rules: where the money goes and how.

// questionNot cancels a match inside a buyer's own general question
// ("can I pay outside Alibaba?").
const questionNot = `^\W*(?:can|could|should|shall|is|are|do|does|would|will|what|how|why|when|which|may)\b[^?]*\?`

// negPay cancels a match that warns against paying that way.
const negPay = `(?:don'?t|do not|never|shouldn'?t|should not|must not|not to|warn\w*)\s+(?:\w+\s+){0,2}?(?:pay|send|wire|transfer|remit|use)`

// --- off_platform_payment ---------------------------------------------------

// payAnchors are the words that say money moves; several phrases need one
// of them in the same sentence.
var payAnchors = []string{"pay", "paid", "transfer", "wire", "remit", "deposit", "balance", "t/t", "|tt|", "money", "usd", "付", "款", "pag", "transferencia"}

// offPlatformExplicit recognises requests to pay outside Alibaba.com (direct transfer, PayPal F&F, Western Union).
var offPlatformExplicit = phrases{
	// "(TT, not TA)", "payment outside alibaba", "pay without trade assurance"
	newPhrase(`\b(?:outside|off|bypass\w*|avoid\w*|skip\w*|instead of|not (?:through|via|on|using|with|by|in)|without)\s+(?:of\s+)?(?:the\s+)?(?:alibaba(?:\.com)?|platform|trade assurance|ta|escrow|secure payment)\b(?:\s+(?:system|platform|order|payment|fees?))?|\bnot (?:ta|trade assurance)\b`,
		negPay+`|`+questionNot+`|\b(?:only|always)\s+(?:\w+\s+){0,3}?(?:through|via|on)\s+(?:alibaba|trade assurance|the platform)`).needs(payAnchors...),
	// "pay us directly to our company account", "paid TT direct to their BOC acct"
	newPhrase(`\b(?:pay|paid|paying|payment|transfer|transferred|wire|wired|remit|remitted|send|sent|t/t|tt|deposit|balance)\w*\s+(?:[\w%$.,]+\s+){0,4}?direct(?:ly)?\b(?:\s+(?:to|into|in)\b)?(?:\s+(?:our|my|their|the|his|her|us|me)\b)?(?:\s+(?:company|factory|own|boc|icbc|abc|ccb|bank of china|hsbc)\b)?(?:\s+(?:bank\s+)?(?:account|acct|a/c|bank)\b)?`,
		negPay+`|`+questionNot).needs("direct"),
	newPhrase(`direct\s+(?:bank\s+)?(?:transfer|payment|wire|t/t|tt|remittance)\b`, negPay+`|`+questionNot),
	// "to save the Alibaba fee"
	newPhrase(`\b(?:save|avoid|skip|no)\s+(?:the\s+)?(?:alibaba|platform|ta|trade assurance|transaction|service|escrow)\s+(?:fees?|charges?|commission)`, questionNot).needs("fee", "charge", "commission"),
	newPhrase(`(?:私下|线下|平台外|直接)(?:付款|转账|交易|打款|汇款|付)|不(?:走|用)(?:信保|平台|阿里)|(?:绕过|跳过)(?:平台|信保)`, ``),
	newPhrase(`fuera de (?:alibaba|la plataforma)|sin (?:usar )?trade assurance`, ``),
	newPhrase(`(?:pag|transfer|dep[oó]sit)\w*\s+(?:\w+\s+){0,3}?directamente`, ``).needs("directamente"),
}

// offPlatformRequest are requests for a bank transfer; they count only when
// the paste does not put the payment through a Trade Assurance order.
var offPlatformRequest = phrases{
	newPhrase(`(?:want|wants|wanted|ask|asks|asked|asking|require|requires|required|request|requests|requested|insist|insists|insisted|only accept|accept only|prefer|prefers|told (?:me|us) to (?:pay|send))\s+(?:[\w%$.,]+\s+){0,6}?(?:tt|t/t|t\.t\.?|wire transfer|bank transfer|telegraphic transfer|wire|swift transfer)\b`,
		negPay+`|`+questionNot),
	newPhrase(`(?:pay|paid|payment|remit|transfer|wire|send)\w*\s+(?:[\w%$.,]+\s+){0,4}?(?:to|into)\s+(?:a|an|our|their|this|the following|his|her|my|below)\s+(?:[\w-]+\s+){0,2}?(?:bank|account|acct|a/c)\b(?:\s+in\s+[a-z]+(?:,?\s+[a-z]+)?)?`,
		negPay+`|`+questionNot+`|order page|alibaba|trade assurance|citi|designated|\bta\b`),
	// "sent a PI with bank details for the deposit"
	newPhrase(`(?:sent|send|sends|gave|give|provided|shared|attached)\s+(?:\w+\s+){0,3}?(?:with\s+)?(?:their\s+|our\s+|the\s+|his\s+|her\s+)?(?:bank (?:details|info|information|account)|banking details|account details)`,
		negPay+`|`+questionNot+`|order page|citi|designated`),
}

// divertedAccount is money sent to accounts given in a message: "pay
// either one", "two accounts for the balance", "the balance to our new account".
var divertedAccount = phrases{
	newPhrase(`(?:pay|send|transfer|wire|remit)\w*\s+(?:to\s+)?(?:either|any|one of the|both)\s+(?:one|account|accounts|of them)\b|accounts?\s+for the (?:balance|deposit|payment|rest)`,
		negPay+`|`+questionNot),
	newPairPhrase(`(?:balance|deposit|payment|usd|amount|money|remaining)\b`, 40, `\b(?:to|into) (?:our|the|this|my) (?:new|other|another) (?:bank\s+)?account`, evBoth,
		negPay+`|`+questionNot),
}

// paypalFF recognises PayPal "friends and family" or personal payments, which have no buyer protection.
var paypalFF = newPhrase(`paypal\s*[(:-]?\s*(?:friends?\s*(?:&|and|n|\+)\s*family|f\s*&\s*f|f\s*and\s*f|\bff\b|personal(?: payment)?|(?:as a )?gift)`,
	negPay)

// offPlatformPayment returns the off_platform_payment rule.
func offPlatformPayment() advisor.Rule {
	return advisor.Rule{
		ID:       "off_platform_payment",
		Severity: advisor.SeverityCritical,
		Title:    "Payment outside Trade Assurance",
		Source:   "Payment Must Go to the Account Alibaba.com Designates",
		Advice: "Pay only inside the Trade Assurance order on Alibaba.com, to the account the order page shows. " +
			"If the supplier insists on a direct bank transfer, Western Union or PayPal friends & family, the order is not protected: " +
			"ask them to create a Trade Assurance order instead, or walk away.",
		Trigger: "The paste asks for (or the buyer made) a payment outside the Trade Assurance order: \"TT, not TA\", " +
			"\"pay directly to our account\", \"outside Alibaba to save fees\", a bank transfer to the supplier's own account, " +
			"bank details in a chat or PI with no Trade Assurance order, PayPal friends & family, 私下付款, \"fuera de la plataforma\".",
		Why: "Trade Assurance only protects money paid to the account Alibaba.com designates; a direct transfer cannot be " +
			"disputed on the platform and is the route almost every payment scam needs.",
		Match: matchOffPlatform,
		Examples: []advisor.Example{
			{Text: "wired 30% deposit USD 12,500 three weeks ago (TT, not TA 🤦). wechat silent since", Evidence: "not TA"},
			{Text: "Dear friend, to save the Alibaba fee you can pay us directly to our company account, we give 3% more discount", Evidence: "pay us directly to our company account"},
			{Text: "supplier says payment outside alibaba is faster and he give me better price. PI attached", Evidence: "outside alibaba"},
			{Text: "Store rating 4.1 | Trade Assurance: US $0\nthey want 50% TT to start production on 4,000 phone holders ($5,200)", Evidence: "want 50% TT"},
			{Text: "PI says pay to a bank in Lagos, Nigeria, 'our payment office'. 40% deposit $5,600", Evidence: "pay to a bank in Lagos, Nigeria"},
			{Text: "pls send by paypal friends and family, no fee for both side 😊", Evidence: "paypal friends and family"},
			{Text: "老板说可以私下转账，价格再便宜5%", Evidence: "私下转账"},
			{Text: "PI No. 2291\nBeneficiary: Foshan Lide Lighting Co., Ltd\nBank: Bank of China Foshan Branch\nSWIFT: BKCHCNBJ400\nA/C: 6750 5712 3345\nAmount: USD 7,480",
				Evidence: "6750 5712 3345"},
			{Text: "The supplier drafted the Trade Assurance order; I pay the 30% deposit by T/T in the order page.", Miss: true},
			{Text: "Please do not pay outside Alibaba.com, our account only receives payment through Trade Assurance.", Miss: true},
			{Text: "can i pay by bank transfer outside alibaba and still be protected?", Miss: true},
			{Text: "We ship directly from our factory in Yiwu, payment via Trade Assurance order.", Miss: true},
			{Text: "paypal goods & services accepted, buyer protection applies", Miss: true},
		},
	}
}

// matchOffPlatform is the Match function of the rule built next to it.
func matchOffPlatform(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := offPlatformExplicit.find(sc); ok {
		return sc.evidence(sp), true
	}
	if sp, ok := paypalFF.find(sc); ok {
		return sc.evidence(sp), true
	}
	if protectedPayment(sc) && !taLimitZero(in) {
		return advisor.Finding{}, false
	}
	if sp, ok := divertedAccount.find(sc); ok {
		return sc.evidence(sp), true
	}
	if sp, ok := offPlatformRequest.find(sc); ok {
		return sc.evidence(sp), true
	}
	// Bank details given in a chat or PI, with no Trade Assurance order.
	f := in.Facts
	if f.SWIFT != "" || f.IBAN != "" || f.AccountNumber != "" {
		if strings.Contains(strings.ToLower(f.BankName+" "+f.SWIFT), "citi") {
			return advisor.Finding{}, false
		}
		for _, field := range []string{"account_number", "iban", "swift", "beneficiary_name", "bank_name"} {
			if sp, ok := factSpan(in, sc, field); ok {
				return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: "These bank details ask for a direct transfer to the supplier's own bank account, " +
					"which Trade Assurance does not protect. Pay only inside the Trade Assurance order on Alibaba.com, to the account the order page shows."}, true
			}
		}
	}
	return advisor.Finding{}, false
}

// --- bank_account_change ----------------------------------------------------

// acctTrouble is what scam messages say is wrong with the usual account.
const acctTrouble = `(?:under (?:\w+\s+){0,2}?(?:audit\w*|review|maintenance|investigation|inspection|verification)|frozen|froze|blocked|suspended|restricted|on hold|closed|(?:can ?not|can't|cannot|unable to|could not|couldn'?t|not able to)\s+(?:\w+\s+){0,2}?(?:receive|accept|get)|frez\w*|freez\w*|frozed|limit (?:reached|exceeded)|exceeded (?:the |its |our )?limit|tax (?:audit|inspection|issue)|not (?:available|in use|valid|working)|has (?:a |some )?(?:problem|issue)s?)`

// bankAccountChange recognises a changed, new or "updated" bank account, in English, Chinese and Spanish.
var bankAccountChange = phrases{
	// "we have changed our bank account", "update the beneficiary"
	newPhrase(`(?:chang\w*|updat\w*|switch\w*|replac\w*|modif\w*)\s+`+words3+`(?:bank(?:ing)?\s+(?:account|acct|details|information|info)|account|acct|a/c|beneficiary|receiving bank|payment (?:details|information|account))\b`,
		`account (?:manager|executive|rep\b|representative|name to|password)|(?:alibaba|buyer|user|email|e-mail|login|member|wechat|whatsapp)\s+account|password|log ?in|sign ?in|(?:not|never|no|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|won'?t|isn'?t|wasn'?t|aren'?t|weren'?t)\s+(?:been\s+)?(?:chang|updat|switch)|no change|same (?:bank|account)|`+questionNot),
	// "our usual account ... is under annual audit", "account frozen"
	newPairPhrase(`(?:account|acount|accont|acct|a/c)\b`, 60, acctTrouble, evBoth,
		`account (?:manager|executive)|(?:alibaba|buyer|user|email|e-mail|login|member|wechat|whatsapp|store)\s+account|`+questionNot),
	// "disregard the previous bank details"
	newPhrase(`(?:disregard|ignore|don'?t use|do not use|stop using|cancel\w*|void)\s+`+words3+`(?:previous|old|earlier|former|usual|above|last|first|original)\s+`+words2+`(?:bank|account|acct|a/c|invoice|pi\b|proforma|payment (?:details|information|instructions?)|beneficiary|details)`,
		``),
	// "kindly pay to our new account", "different beneficiary"
	newPhrase(`(?:new|another|different|other|second|updated|alternative|alternate|temporary|backup|spare|replacement)\s+(?:\w+\s+){0,2}?(?:bank\s+)?(?:account|acct|a/c|bank details|banking details|bank information|beneficiary|receiving (?:bank|account)|payment (?:details|account|information))\b`,
		`account (?:manager|executive|rep\b|representative|on alibaba)|(?:alibaba|buyer|user|email|e-mail|wechat|whatsapp|customer|login|member|store|instagram|facebook)\s+account|new account (?:on|at|with|in) (?:alibaba|the platform|1688|aliexpress|the app)|(?:create|register|sign up|log ?in|opened a|open a)\w*\s+(?:\w+\s+)?(?:a\s+)?new account (?:on|at|with) (?:alibaba|the platform)|new customer|each other|no other account|\b(?:i|we) (?:just )?(?:opened|have|got|created|made|set up)\s+(?:a\s+|an\s+)?new (?:\w+\s+)?account|(?:not|never)\s+(?:\w+\s+)?(?:to\s+)?(?:a\s+|any\s+)?(?:new|another|different|other)|`+questionNot),
	// "our bank details have been updated", "beneficiary is now different"
	newPhrase(`(?:bank(?:ing)?\s+)?(?:account|acct|a/c|bank details|banking details|beneficiary(?: details)?|bank information|receiving bank|payment details)\s+`+words3+`(?:has |have |was |were |is |are |will be |got )?(?:been |now )?(?:changed|updated|replaced|switched|moved|different)\b`,
		`(?:not|never|no|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|won'?t|isn'?t|wasn'?t|aren'?t|weren'?t)\s+(?:been\s+)?(?:changed|updated|different)|unchanged|same as|account manager|`+questionNot),
	// "sends TWO accounts for the balance"
	newPhrase(`(?:two|2|three|3|multiple|several|both) (?:different\s+)?(?:bank\s+)?accounts\b`,
		`(?:alibaba|buyer|user|email|login|social|wechat|instagram|store)\s+accounts|accounts (?:payable|receivable|department|team|manager)`),
	// Chinese: 更改银行账户, 新账户, 账户被冻结
	newPhrase(`(?:更改|变更|更换|改变|换了|换成|修改|更新|改用)[^。！？\n]{0,8}?(?:(?:银行|收款)(?:账户|账号|帐户|帐号|信息|卡号)|账户|账号|帐户|帐号)|新(?:的)?(?:银行|收款)?(?:账户|账号|帐户|帐号)|(?:账户|账号|帐户|帐号)[^。！？\n]{0,10}?(?:审计|审核|冻结|被封|封了|不能收|无法收|暂停|有问题|受限)`,
		`(?:阿里|平台|登录|买家)(?:账户|账号|帐户|帐号)|新(?:的)?(?:阿里|平台|买家)?(?:账号|账户)(?:注册|登录)`),
	// Spanish: cambio de cuenta, nueva cuenta bancaria
	newPhrase(`cambio de (?:cuenta|banco|datos bancarios)|(?:nueva|otra) cuenta(?: bancaria)?|cuenta (?:bancaria )?nueva|nuevos datos bancarios|(?:hemos |he |ha |han )?cambiado (?:de |nuestra |la |nuestros |los )?(?:cuenta|banco|datos bancarios)|cuenta\s+(?:\w+\s+){0,3}?(?:bloqueada|congelada|en auditor[ií]a|suspendida)`,
		`cuenta (?:de|en) (?:alibaba|usuario)|crear (?:una )?(?:nueva )?cuenta`),
}

// bankAccountChangeRule returns the bank_account_change rule.
func bankAccountChangeRule() advisor.Rule {
	return advisor.Rule{
		ID:       "bank_account_change",
		Severity: advisor.SeverityCritical,
		Title:    "Changed or new bank account",
		Source:   "Bank Account Change Fraud",
		Advice: "Do not pay the new account. Call the supplier on the phone number shown on their Alibaba.com profile — not one from this message — " +
			"and confirm the change with someone you already know; then pay only through the Trade Assurance order. A real account change is " +
			"rare, comes on company letterhead with the company seal, and never arrives with a deadline.",
		Trigger: "The supplier announces a new, changed or second bank account, an account \"under audit\", frozen or unable to receive USD, " +
			"asks to disregard the previous bank details, or gives two accounts to choose from (also 更改/变更银行账户, 新账户, " +
			"\"cambio de cuenta\", \"nueva cuenta bancaria\").",
		Why: "A last-minute account change is the classic business-email-compromise scam: a hacked or look-alike mailbox sends the same " +
			"invoice with the fraudster's account, and money sent there is rarely recovered.",
		Match: textMatch(bankAccountChange),
		Examples: []advisor.Example{
			{Text: "Please kindly note our usual account at Bank of China is under annual audit and temporary can not receive USD until end of month.",
				Evidence: "account at Bank of China is under annual audit"},
			{Text: "Dear Sir, Kindly arrange the balance USD 23,400 to our new account below asap", Evidence: "new account"},
			{Text: "pls note we have changed our bank account, the updated PI is attached, pay to the HK account from now on", Evidence: "changed our bank account"},
			{Text: "now from the 163 one she sends TWO accounts for the balance, says pay either one", Evidence: "TWO accounts"},
			{Text: "Please disregard the previous invoice and use the bank details below for the 70% balance", Evidence: "disregard the previous invoice"},
			{Text: "亲，我们公司更换了收款账户，请把尾款打到新账户，谢谢", Evidence: "更换了收款账户"},
			{Text: "Estimado cliente, por auditoría tenemos una nueva cuenta bancaria, favor de transferir el saldo", Evidence: "nueva cuenta bancaria"},
			{Text: "hi i just opened a new account on alibaba to place the order, is the supplier ok?", Miss: true},
			{Text: "Our account manager Lily will follow your order, payment via Trade Assurance as usual.", Miss: true},
			{Text: "Bank details are the same as on our last PI, nothing has changed. Please pay in the Trade Assurance order.", Miss: true},
			{Text: "can a supplier change the bank account on a trade assurance order?", Miss: true},
			{Text: "我用新的阿里账号登录了，订单还在吗", Miss: true},
		},
	}
}

// --- personal_beneficiary ---------------------------------------------------

// personalBeneficiary recognises payment asked to a person's own account.
var personalBeneficiary = phrases{
	newPhrase(`(?:personal|private|individual)\s+(?:bank\s+)?(?:account|acct|a/c|alipay|card|bank card|debit card|wechat pay)\b`,
		`account (?:manager|executive)|accounting|(?:don'?t|do not|never|not|no|avoid|instead of|rather than)\s+(?:\w+\s+){0,3}?(?:a\s+|to\s+a\s+|to\s+|into\s+a\s+)?(?:personal|private|individual)|`+questionNot),
	newPhrase(`(?:account|acct|a/c|alipay|card)\s+`+words3+`(?:in|under)\s+(?:her|his|my|a person'?s|a personal|an individual'?s|the (?:boss|owner|manager|director|ceo|gm|accountant|cashier)'?s?|their (?:boss|owner|manager)'?s?)\s+(?:own\s+)?name`,
		questionNot),
	newPhrase(`(?:pay|send|transfer|wire|remit)\w*\s+`+words3+`(?:(?:to|into)\s+)?(?:my|our|the|their|his|her)\s+(?:boss|owner|manager|director|ceo|gm|accountant|cashier|finance manager|general manager|wife|husband|brother|sister|friend|colleague|cousin|mother|father|mom|dad)'?s?\s+`+words2+`(?:account|acct|a/c|alipay|card|bank|wechat)`,
		questionNot).
		needs("boss", "owner", "manager", "director", "ceo", "|gm|", "accountant", "cashier", "wife", "husband", "brother", "sister", "friend", "colleague", "cousin", "mother", "father", "|mom|", "|dad|"),
	newPhrase(`(?:私人|个人|对私|老板)(?:的)?(?:银行)?(?:账户|账号|帐户|帐号|银行卡|卡)|私户`, ``),
	newPhrase(`cuenta (?:bancaria )?(?:personal|privada)|cuenta a nombre (?:de|del) (?:mi|su|nuestro|nuestra) (?:jefe|gerente|esposa|esposo|director)`, ``),
}

// personalBeneficiaryRule returns the personal_beneficiary rule.
func personalBeneficiaryRule() advisor.Rule {
	return advisor.Rule{
		ID:       "personal_beneficiary",
		Severity: advisor.SeverityCritical,
		Title:    "Payment to a personal account",
		Source:   "Payments to Personal or Third-Party Accounts",
		Advice: "Never pay a supplier's order into a person's private account (the boss, the salesperson, a relative). " +
			"Pay only the company through the Trade Assurance order; if they refuse, do not place the order.",
		Trigger: "The paste names a personal, private or individual account, an account in a person's own name, the boss's or a relative's " +
			"account, 私人/个人账户, \"cuenta personal\", or a beneficiary that reads like a person's name rather than a company.",
		Why: "A company that exports sells through its company account; a private account leaves no company behind the payment, " +
			"no Trade Assurance cover and nobody to claim from.",
		Match: matchPersonalBeneficiary,
		Examples: []advisor.Example{
			{Text: "she sends TWO accounts for the balance: a personal account in her own name, and a company one", Evidence: "personal account"},
			{Text: "For faster payment you can send to my boss account in his own name, Bank of China Yiwu branch", Evidence: "account in his own name"},
			{Text: "Kindly remit the deposit to our general manager's account below, the company account has limit", Evidence: "remit the deposit to our general manager's account"},
			{Text: "supplier wants me to pay his cousin's account is that covered", Evidence: "pay his cousin's account"},
			{Text: "付款请转到老板私人账户，公司账户这几天不能收美金", Evidence: "私人账户"},
			{Text: "puede pagar a mi cuenta personal, es más rápido", Evidence: "cuenta personal"},
			{Text: "Payment instructions for the deposit:\nBeneficiary: WANG LI\nBank: China Construction Bank, Foshan branch\nAccount: 6217 0031 2000 4455 789",
				Evidence: "WANG LI"},
			{Text: "Never pay into a personal account, our company only uses the Trade Assurance order.", Miss: true},
			{Text: "Your personal account manager at Alibaba.com is Jenny; she will help with the TA order.", Miss: true},
			{Text: "is it normal that chinese suppliers ask for a private account?", Miss: true},
			{Text: "Beneficiary: Ningbo Hengda Houseware Co., Ltd, Bank of China Ningbo branch, via Trade Assurance order", Miss: true},
		},
	}
}

// matchPersonalBeneficiary is the Match function of the rule built next to it.
func matchPersonalBeneficiary(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := personalBeneficiary.find(sc); ok {
		return sc.evidence(sp), true
	}
	if name := in.Facts.BeneficiaryName; personName(name) {
		if sp, ok := factSpan(in, sc, "beneficiary_name"); ok {
			return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: fmt.Sprintf(
				"The beneficiary %q reads like a private person, not a company. Never pay a supplier's order into a person's account; "+
					"pay only the company through the Trade Assurance order.", name)}, true
		}
	}
	return advisor.Finding{}, false
}

// --- beneficiary_name_mismatch ----------------------------------------------

// thirdParty recognises payment to a sister, partner or other third-party company.
var thirdParty = phrases{
	newPhrase(`third[- ]party\s+(?:company|account|bank|payment|beneficiary|collection|receiving)|(?:sister|partner|affiliated?|associated|related|parent|subsidiary|cooperat(?:ive|ion)|agent'?s|collection|finance|payment|logistics|hk|hong kong|offshore|overseas)\s+(?:company|companies|co\b|firm)(?:'s)?(?:\s+(?:account|acct|bank))?`,
		negPay+`|`+questionNot),
	newPhrase(`(?:beneficiary|account name|account holder|payee|company name (?:on|in) the (?:bank|account|pi|invoice))\s+`+words3+`(?:is\s+|looks\s+|seems\s+)?(?:different|not the same|doesn'?t match|does not match|not match\w*|another company|a different company)|(?:different|another|other) company(?:'s)?\s+(?:name|account)`,
		questionNot),
	newPhrase(`第三方(?:账户|公司|收款|代收)|收款(?:人|公司)[^。！？\n]{0,12}不(?:一致|同|符)|cuenta de (?:un )?tercero|(?:a nombre de |pagar a )otra empresa`, ``),
}

// beneficiaryNameMismatch returns the beneficiary_name_mismatch rule.
func beneficiaryNameMismatch() advisor.Rule {
	return advisor.Rule{
		ID:       "beneficiary_name_mismatch",
		Severity: advisor.SeverityHigh,
		Title:    "Beneficiary is not the supplier",
		Source:   "Payments to Personal or Third-Party Accounts",
		Advice: "The account holder must be the same company as on the Alibaba.com store, the proforma invoice and the business licence. " +
			"Ask why the names differ, verify by calling the phone number on the supplier's Alibaba.com profile, and pay only through the Trade Assurance order.",
		Trigger: "The beneficiary (account holder) named in the paste is a different company from the supplier, after ignoring legal forms " +
			"(\"Co., Ltd\", \"Limited\"), activity words (\"Trading\", \"Import Export\"), cities, pinyin spacing and masked letters; or the " +
			"paste asks for payment to a sister, partner, agent or third-party company.",
		Why: "Money paid to another company is money the supplier can deny receiving; a mismatched name is the commonest sign of a " +
			"hijacked invoice or a middleman posing as the factory.",
		Match: matchBeneficiaryName,
		Examples: []advisor.Example{
			{Text: "Beneficiary: GOLDEN H*** TRADING LIMITED\nBank: DBS Bank (Hong Kong) Ltd\n\nour PI and the alibaba store both say Ningbo ___ Houseware Co., Ltd",
				Evidence: "GOLDEN H*** TRADING LIMITED"},
			{Text: "we are busy with customs so please pay to our sister company account, same boss", Evidence: "sister company account"},
			{Text: "the beneficiary name is different from the company on the PI, they say it's their HK office", Evidence: "beneficiary name is different"},
			{Text: "due to tax reason pls pay third party company, we give you the receipt", Evidence: "third party company"},
			{Text: "Supplier: Shenzhen Xin Hai Yi Knitwear Co., Ltd.\nBeneficiary: XINHAIYI KNITWEAR CO., LIMITED\nBank: Bank of China Shenzhen Branch", Miss: true},
			{Text: "Beneficiary: Ningbo Hengda Houseware Co.,Ltd.\nSupplier: NINGBO HENGDA HOUSEWARE CO LTD (Verified, 9 yrs)", Miss: true},
			{Text: "does the beneficiary have to be the same company as the store?", Miss: true},
		},
	}
}

// matchBeneficiaryName is the Match function of the rule built next to it.
func matchBeneficiaryName(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	f := in.Facts
	if f.BeneficiaryName != "" && f.SupplierName != "" && !personName(f.BeneficiaryName) && !sameCompany(f.BeneficiaryName, f.SupplierName) {
		sp, ok := factSpan(in, sc, "beneficiary_name")
		if !ok {
			sp, ok = findFold(sc, f.BeneficiaryName)
		}
		if ok {
			return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: fmt.Sprintf(
				"The money would go to %q, but the supplier is %q. The account holder must be the same company as on the Alibaba.com store, "+
					"the proforma invoice and the business licence: verify by calling the phone number on the supplier's Alibaba.com profile "+
					"(not one from this message) and pay only through the Trade Assurance order.", f.BeneficiaryName, f.SupplierName)}, true
		}
	}
	if sp, ok := thirdParty.find(sc); ok {
		return sc.evidence(sp), true
	}
	if f.BeneficiaryName != "" && f.SupplierName != "" {
		return advisor.Finding{}, false // the facts agree
	}
	if sp, ok := companyMismatch(sc, f.SupplierName); ok {
		return sc.evidence(sp), true
	}
	return advisor.Finding{}, false
}

// --- beneficiary_country_mismatch -------------------------------------------

// beneficiaryCountryMismatch returns the beneficiary_country_mismatch rule.
func beneficiaryCountryMismatch() advisor.Rule {
	return advisor.Rule{
		ID:       "beneficiary_country_mismatch",
		Severity: advisor.SeverityHigh,
		Title:    "Bank is in another country",
		Source:   "Payments to Personal or Third-Party Accounts",
		Advice: "A company normally banks where it is registered. Ask the supplier in the Alibaba.com chat why the money should go to another " +
			"country, confirm on the phone number shown on their profile, and pay only through the Trade Assurance order.",
		Trigger: "The bank or beneficiary country in the payment instructions differs from the supplier's country (a UK company with a bank in " +
			"Lagos, a Ningbo factory with an account in Hong Kong).",
		Why: "Offshore accounts are how diverted payments leave the reach of the supplier's own bank and courts; it is one of the clearest " +
			"signs named in Alibaba.com's fraud cases.",
		Match: matchBeneficiaryCountry,
		Examples: []advisor.Example{
			{Text: "supplier listed as 'Brighton ___ Supplies Ltd, United Kingdom' selling generators. PI says pay to a bank in Lagos, Nigeria, 'our payment office'. 40% deposit $5,600",
				Evidence: "Lagos, Nigeria"},
			{Text: "Supplier: Ningbo ___ Houseware Co., Ltd (Zhejiang, China)\nBeneficiary: GOLDEN H*** TRADING LIMITED\nBank: DBS Bank (Hong Kong) Ltd",
				Evidence: "Hong Kong"},
			{Text: "Company: Guangzhou Lixin Garment Co., Ltd, China\nBeneficiary bank: Ziraat Bankasi, Istanbul, Turkey\nSWIFT: TCZBTR2A", Evidence: "TCZBTR2A"},
			{Text: "Supplier: Xiamen Hualong Stone Co., Ltd, China\nBank: Bank of China Xiamen Branch\nSWIFT: BKCHCNBJ73A", Miss: true},
			{Text: "Hong Kong Sunrise Electronics Limited, Hong Kong\nBank: HSBC Hong Kong, SWIFT HSBCHKHHHKH", Miss: true},
			{Text: "we are in the UK and pay from our Barclays account to the supplier in China via Trade Assurance", Miss: true},
		},
	}
}

// matchBeneficiaryCountry is the Match function of the rule built next to it.
func matchBeneficiaryCountry(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	f := in.Facts
	supplier := f.SupplierCountry
	if supplier == "" {
		return advisor.Finding{}, false
	}
	// Alibaba.com's designated Trade Assurance accounts are at Citibank in
	// Hong Kong or Singapore, whatever the supplier's country.
	if bank := strings.ToLower(f.BankName + " " + f.SWIFT); strings.Contains(bank, "citi") && sc.has(tradeAssuranceWords) {
		return advisor.Finding{}, false
	}
	for _, c := range []struct{ country, field string }{
		{f.BankCountry, "bank_country"}, {f.BeneficiaryCountry, "beneficiary_country"},
	} {
		if c.country == "" || sameCountry(c.country, supplier) {
			continue
		}
		sp, ok := factSpan(in, sc, c.field)
		if !ok {
			sp, ok = factSpan(in, sc, "bank_name")
		}
		if !ok {
			sp, ok = findFold(sc, c.country)
		}
		if ok {
			return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: fmt.Sprintf(
				"The supplier is in %s but the money would go to a bank in %s. A company normally banks where it is registered: "+
					"ask why in the Alibaba.com chat, confirm on the phone number shown on their profile, and pay only through the Trade Assurance order.",
				supplier, c.country)}, true
		}
	}
	return advisor.Finding{}, false
}

// tradeAssuranceWords name Trade Assurance.
var tradeAssuranceWords = anchors("trade assurance", "|ta|", "信保", "alibaba")

// sameCountry compares two country names from the facts.
func sameCountry(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// --- crypto_or_gift_card_payment --------------------------------------------

// cryptoGift recognises payment in crypto currency, gift cards or money-transfer services.
var cryptoGift = phrases{
	newPhrase(`(?:trc-?20|erc-?20|bep-?20|wallet address|usdt (?:wallet|address)|binance pay)`, questionNot),
	newPhrase(`\b(?:usdt|usdc|btc|bitcoin|ethereum|eth|tether|crypto(?:currency|currencies)?|litecoin)\b`,
		`mining|miner|antminer|asic|hash ?rate|(?:no|not|don'?t|do not|never|won'?t)\s+(?:\w+\s+){0,2}?(?:accept|take|use|pay|send)\w*\s+(?:\w+\s+){0,4}?(?:crypto|bitcoin|usdt|btc)|`+questionNot).
		needs("pay", "pag", "accept", "acept", "send", "transfer", "deposit", "wallet", "address", "settle", "receive", "balance", "付"),
	newPhrase(`(?:gift|itunes|apple|steam|google play|amazon|ebay|vanilla|razer gold|walmart|visa gift|prepaid)\s*(?:gift\s*)?cards?\b`,
		`cards?\s+(?:box|boxes|holders?|envelopes?|packaging|printing|sleeves?|stands?|displays?|case)|(?:print|printing|produce|make|manufactur|custom)\w*\s+(?:\w+\s+)?gift cards?|`+questionNot),
	newPhrase(`western ?union|money ?gram|ria money transfer|ria money|remitly|worldremit`,
		`(?:no|not|don'?t|do not|never|won'?t|avoid)\s+(?:\w+\s+){0,2}?(?:western union|moneygram)|`+questionNot),
	newPhrase(`比特币|泰达币|虚拟币|虚拟货币|数字货币|加密货币|礼品卡|充值卡|西联(?:汇款)?|速汇金`, ``),
	newPhrase(`criptomonedas?|tarjetas? de regalo`, ``),
}

// cryptoOrGiftCard returns the crypto_or_gift_card_payment rule.
func cryptoOrGiftCard() advisor.Rule {
	return advisor.Rule{
		ID:       "crypto_or_gift_card_payment",
		Severity: advisor.SeverityCritical,
		Title:    "Crypto, gift card or money-transfer payment",
		Source:   "Crypto, Gift Cards and Money Transfer Services",
		Advice: "No genuine manufacturer needs USDT, Bitcoin, gift cards or Western Union/MoneyGram for a trade order. These payments cannot " +
			"be reversed or disputed: refuse, and pay only through a Trade Assurance order on Alibaba.com.",
		Trigger: "The paste asks for payment in cryptocurrency (USDT TRC20, BTC, a wallet address), gift cards, or through Western Union, " +
			"MoneyGram or similar cash-transfer services (also 比特币, 西联, \"tarjetas de regalo\").",
		Why:   "These methods are irreversible and anonymous, outside every buyer-protection scheme; scammers prefer them for exactly that reason.",
		Match: textMatch(cryptoGift),
		Examples: []advisor.Example{
			{Text: "For this order we only accept USDT (TRC20), wallet address below, you get 5% discount", Evidence: "TRC20"},
			{Text: "our bank has problem with USD, you can pay by bitcoin or western union", Evidence: "bitcoin"},
			{Text: "The agent said to buy Steam cards for the customs release fee and send photos of the codes", Evidence: "Steam cards"},
			{Text: "Payment: 50% deposit via MoneyGram to our manager Mr Li", Evidence: "MoneyGram"},
			{Text: "可以用泰达币付款，到账快", Evidence: "泰达币"},
			{Text: "we manufacture bitcoin mining machines (Antminer S19 Pro), payment by Trade Assurance", Miss: true},
			{Text: "Custom printed gift card boxes with foil logo, 5000 pcs, $0.18/pc", Miss: true},
			{Text: "We do not accept Western Union or crypto, only Trade Assurance.", Miss: true},
			{Text: "is it ok to pay a supplier with USDT?", Miss: true},
		},
	}
}

// --- full_upfront_payment ---------------------------------------------------

// fullUpfront recognises a demand for 100% payment before production or shipment.
var fullUpfront = phrases{
	newPhrase(`(?:100\s*%|full|whole|entire|total)\s+(?:t/t\s+|tt\s+|payment\s+|amount\s+|prepayment\s+|pre-?payment\s+|price\s+|order value\s+)?(?:in advance|advance(?: payment)?|upfront|up front|up-front|before (?:production|we start|starting|making|mass production|manufactur\w*|they start)|prepaid|pre-?paid|prepayment|pre-?payment|now|at once|first|when (?:the )?order (?:is )?confirmed|on order|with (?:the )?order|on confirmation|at order)\b|pay\w*\s+(?:in full|everything|the full amount|the whole amount|100\s*%)\s+(?:first|now|upfront|up front|in advance|before)`,
		`100\s*%\s+(?:cotton|polyester|inspection|qc|quality|refund|new|original|tested|guarantee)|`+questionNot),
	newPhrase(`(?:先付|预付|付)?全款|100\s*%\s*预付|一次性付清|款到(?:后)?(?:生产|开工)`, ``),
	newPhrase(`(?:pago|pagar)\s+(?:\w+\s+){0,2}?(?:100\s*%|total|completo)\s+(?:por )?adelantado|100\s*%\s+(?:por )?adelantado|pago total anticipado|pago completo antes`, ``),
}

// fullUpfrontPayment returns the full_upfront_payment rule.
func fullUpfrontPayment() advisor.Rule {
	return advisor.Rule{
		ID:       "full_upfront_payment",
		Severity: advisor.SeverityMedium,
		Title:    "Full payment before production",
		Source:   "Full Payment Up Front and Safer Payment Terms",
		Advice: "Offer 30% deposit and the balance after a pre-shipment inspection (or against the bill of lading), written into the Trade " +
			"Assurance order. If the supplier insists on 100% up front, pay it only through the Trade Assurance order, never by direct transfer.",
		Trigger: "The supplier wants 100% / full payment in advance, before production or when the order is confirmed (全款, 预付, \"pago por adelantado\"), " +
			"and the paste does not put that payment through a Trade Assurance order.",
		Why: "Paying everything before a single piece exists leaves the buyer no leverage over quality or delivery; staged payments tied to " +
			"inspection are the norm for a new relationship.",
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			sc := scanOf(in)
			if !fullUpfront.anyPresent(sc) || protectedPayment(sc) {
				return advisor.Finding{}, false
			}
			return textMatch(fullUpfront)(in)
		},
		Examples: []advisor.Example{
			{Text: "now i tripled the order and they want 100% before production, even though unit price and delivery were already agreed by email",
				Evidence: "100% before production"},
			{Text: "Payment term: 100% T/T in advance, production start after receive payment", Evidence: "100% T/T in advance"},
			{Text: "For new customer we need full payment upfront, sorry this is company policy", Evidence: "full payment upfront"},
			{Text: "老客户也要先付全款才能排产", Evidence: "先付全款"},
			{Text: "nos piden el pago 100% por adelantado por transferencia", Evidence: "pago 100% por adelantado"},
			{Text: "Payment: 30% deposit, 70% balance before shipment against inspection report", Miss: true},
			{Text: "Material: 100% cotton, 180gsm, 100% inspection before packing", Miss: true},
			{Text: "our order is $4,100 so they want 100% now, via a Trade Assurance order. Verified 7 yrs", Miss: true},
		},
	}
}

// --- order_exceeds_ta_limit -------------------------------------------------

// splitOrder recognises splitting an order into several Trade Assurance orders or exceeding the limit in words.
var splitOrder = phrases{
	newPhrase(`split\w*\s+`+words3+`(?:into|in)\s+(?:2|two|3|three|several|multiple|smaller|separate)\s+`+words2+`(?:ta\s+|trade assurance\s+)?orders?|(?:2|two|3|three|several|multiple|separate) (?:ta|trade assurance)\s+orders\b`,
		questionNot),
	newPhrase(`(?:exceed\w*|over|above|more than|higher than|bigger than|beyond)\s+(?:the\s+|their\s+|his\s+|her\s+|its\s+|our\s+)?(?:supplier'?s\s+)?(?:ta|trade assurance)\s+(?:limit|amount|coverage|cap)`,
		questionNot),
}

// taLimitAnchors anchor the sentence that states a Trade Assurance limit.
var taLimitAnchors = anchors("trade assurance", "|ta|", "limit")

// orderExceedsTALimit returns the order_exceeds_ta_limit rule.
func orderExceedsTALimit() advisor.Rule {
	return advisor.Rule{
		ID:       "order_exceeds_ta_limit",
		Severity: advisor.SeverityMedium,
		Title:    "Order above the Trade Assurance limit",
		Source:   "Trade Assurance Limits and Covered Amounts",
		Advice: "Trade Assurance refunds at most the supplier's remaining limit, and splitting the order does not create more limit. " +
			"Reduce the order to the limit, pay the rest only after inspection, or choose a supplier with a higher limit.",
		Trigger: "The order amount is larger than the Trade Assurance limit shown on the supplier's profile, or the supplier offers to split " +
			"the order into several Trade Assurance orders.",
		Why:   "Cover is capped by the supplier's limit; the part above it is unprotected even though the order page says Trade Assurance.",
		Match: matchOrderExceedsLimit,
		Examples: []advisor.Example{
			{Text: "profile: Verified | 3 yrs | Trade Assurance: US $5,000. our order is $9,800 (yoga mats). supplier: 'no problem, we split into 2 TA orders of $4,900 each, both fully protected'. true?",
				Evidence: "split into 2 TA orders"},
			{Text: "Trade Assurance limit is only US$ 8,000 but they say we can do 3 trade assurance orders for the 20k", Evidence: "3 trade assurance orders"},
			{Text: "order total $30k which is above the supplier's TA limit of $10k", Evidence: "above the supplier's TA limit"},
			{Text: "Verified | 2 yrs | Trade Assurance: US $8,000\nPI total: USD 21,600 for 1,200 office chairs, 30% deposit", Evidence: "total: USD 21,600"},
			{Text: "Trade Assurance: US $260,000 | order $18,500 for LED panels", Miss: true},
			{Text: "can i split my order into two shipments? the first 500 pcs by air", Miss: true},
			{Text: "how is the trade assurance limit calculated?", Miss: true},
		},
	}
}

// matchOrderExceedsLimit is the Match function of the rule built next to it.
func matchOrderExceedsLimit(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	f := in.Facts
	if f.OrderAmountUSD != nil && f.TradeAssuranceLimitUSD != nil && *f.TradeAssuranceLimitUSD > 0 && *f.OrderAmountUSD > *f.TradeAssuranceLimitUSD {
		advice := fmt.Sprintf("The order is about US$%s but the supplier's Trade Assurance limit is US$%s: at most the limit is covered, "+
			"and splitting the order does not create more limit. Reduce the order to the limit, pay the rest only after inspection, "+
			"or choose a supplier with a higher limit.", money(*f.OrderAmountUSD), money(*f.TradeAssuranceLimitUSD))
		if sp, ok := splitOrder.find(sc); ok {
			return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: advice}, true
		}
		for _, field := range []string{"order_amount_usd", "order_amount", "trade_assurance_limit_usd"} {
			if sp, ok := factSpan(in, sc, field); ok {
				return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: advice}, true
			}
		}
	}
	if !sc.has(taLimitAnchors) {
		return advisor.Finding{}, false
	}
	return textMatch(splitOrder)(in)
}

// money formats a dollar amount as "12,500".
func money(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// --- no_trade_assurance -----------------------------------------------------

// noTA recognises a supplier without Trade Assurance or refusing a Trade Assurance order.
var noTA = phrases{
	newPhrase(`(?P<ev>(?:trade assurance|\bta)(?: limit)?\s*[:：]?\s*(?:us\s*)?\$\s*0(?:\.00?)?)(?:[^\d.,]|$)`,
		`covered by|`+questionNot).needs("$0", "$ 0"),
	newPhrase(`(?:\bno|without|not (?:a |an )?(?:offer\w*|support\w*|accept\w*|us(?:e|ing)|hav(?:e|ing)|provid\w*|do(?:ing)?|enroll?ed in|member of|part of|eligible for)|(?:doesn'?t|does not|don'?t|do not|didn'?t|did not|won'?t|will not|can'?t|cannot|can not|isn'?t|is not|aren'?t|are not)\s+(?:offer|support|accept|use|have|provide|do|work with|on|in|enrolled in|a member of|part of|eligible for|join\w*))\s+(?:the\s+|any\s+)?(?:trade assurance|ta)\b`,
		`covered by|`+questionNot).needs("trade assurance", "|ta|"),
	newPhrase(`(?:trade assurance|\bta) ?[:：] ?(?:no|none|n/a|not available|×|✗|✘)\b|(?:trade assurance|\bta) (?:is |are )?(?:not (?:available|supported|offered|possible|an option|accepted)|unavailable|disabled)`,
		`covered by|`+questionNot),
	newPhrase(`不(?:支持|做|走|接受|开通|能走)信保|没有(?:开通)?信保|无信保|信保额度\s*[:：]?\s*0`, ``),
	newPhrase(`sin trade assurance|no (?:acepta|aceptan|ofrece|ofrecen|tiene|tienen|usa|usan|trabaja con)\s+trade assurance`, ``),
}

// noTradeAssurance returns the no_trade_assurance rule.
func noTradeAssurance() advisor.Rule {
	return advisor.Rule{
		ID:       "no_trade_assurance",
		Severity: advisor.SeverityHigh,
		Title:    "No Trade Assurance",
		Source:   "Who Is Eligible for Trade Assurance",
		Advice: "Without Trade Assurance nothing on the platform protects your payment. Choose a supplier that offers it and place the order " +
			"through it, or use a letter of credit or escrow you control; keep the first order small.",
		Trigger: "The supplier's Trade Assurance limit is US$0, or the paste says the supplier does not offer, support or accept Trade Assurance " +
			"(不支持信保, \"sin Trade Assurance\").",
		Why: "Trade Assurance is the only platform-backed refund for late shipment or bad quality; a supplier outside it leaves the buyer " +
			"relying on trust alone.",
		Match: matchNoTA,
		Examples: []advisor.Example{
			{Text: "Years on Alibaba: 2 yrs | Gold Supplier, not verified\nTrade Assurance: US $0", Evidence: "Trade Assurance: US $0"},
			{Text: "sorry we don't support trade assurance, only TT to our company account", Evidence: "don't support trade assurance"},
			{Text: "他们说不支持信保，只能电汇", Evidence: "不支持信保"},
			{Text: "the supplier does not offer TA for this product, says its too small order", Evidence: "does not offer TA"},
			{Text: "is trade assurance enough protection for a first order or do i need more?", Miss: true},
			{Text: "Trade Assurance: US $50,000 | Verified | 6 yrs", Miss: true},
			{Text: "customized items may not be covered by trade assurance, read the fine print", Miss: true},
		},
	}
}

// matchNoTA is the Match function of the rule built next to it.
func matchNoTA(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := noTA.find(sc); ok {
		return sc.evidence(sp), true
	}
	if taLimitZero(in) {
		if sp, ok := factSpan(in, sc, "trade_assurance_limit_usd"); ok {
			return sc.evidence(sp), true
		}
	}
	return advisor.Finding{}, false
}
