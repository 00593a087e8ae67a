package rules

import "tradeguard/advisor"

// Communication rules: how the supplier talks and where.

// --- urgency_pressure -------------------------------------------------------

// urgentWord is the regexp fragment for a deadline or hurry word ("asap", "within 24 hours", "before friday").
const urgentWord = `(?:asap|a\.s\.a\.p|as soon as possible|urgent(?:ly)?|immediately|right now|right away|today|tonight|within (?:24|48|72|12|6|one|two|twenty-?four|forty-?eight) ?(?:hours?|hrs?|h)\b|in (?:24|48|72|12|6|2|3) ?(?:hours?|hrs?|h)\b|before (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|end of (?:the )?(?:day|week))|by (?:today|tonight|tomorrow|eod|end of (?:the )?day)|hurry|quickly|no time)`

// pressureVerb is the regexp fragment for what the buyer is pressed to do (pay, transfer, decide).
const pressureVerb = `(?:pay|payment|transfer|wire|remit|deposit|balance|send (?:the )?money|arrange|decide|place the order)`

// urgentAnchors and pressureAnchors are the literals urgentWord and
// pressureVerb start with.
var (
	urgentAnchors   = mustStartLiterals(urgentWord)
	pressureAnchors = mustStartLiterals(pressureVerb)
)

// urgencyNot suppresses urgency that is not pressure on the buyer: shipping lead times, the buyer's own hurry, questions.
const urgencyNot = `order page|trade assurance order|\bta order|(?:ship|deliver|dispatch|lead time|production|get back to you|respond to you|reply to you)\w*\s+(?:\w+\s+){0,2}?(?:within|in \d)|\b(?:i|we) (?:need|want|have)\w*\s+(?:\w+\s+){0,3}?(?:urgent|asap|quickly|today)|` + questionNot

// urgency recognises pressure to pay or decide fast, in English, Chinese and Spanish.
var urgency = phrases{
	// Deadlines with a threatened consequence.
	newPhrase(`miss (?:the )?(?:vessel|ship|container|shipment|booking|slot|cut-?off|sailing|loading)|(?:storage|demurrage|detention|warehouse) (?:charges?|fees?|costs?)\s+(?:will\s+be|are|is|on)`+
		`|before \d{1,2}[:.]\d{2}\s*(?:today|tonight|(?:beijing|china) time)|last chance|(?:offer|price|discount|quote|quotation|stock|slot) (?:is )?(?:only )?valid\s+(?:only\s+)?(?:today|until (?:today|tonight|tomorrow)|for (?:24|48|12|one|two) ?(?:hours?|hrs?|h)\b)`+
		`|price will (?:go up|increase|rise|double) (?:tomorrow|next week|from)|(?:offer|quote|quotation|price) expires? (?:today|tonight|tomorrow)`+
		`|(?:otherwise|or else|or (?:they|we|he|she) (?:will|would))\s+(?:\w+\s+){0,5}?(?:cancel\w*|lose|miss|approve the other|give (?:it|the slot|the goods|the order) to|sell (?:it|them|the goods) to|release|charge|increase)`,
		questionNot),
	// "please pay asap", "pay within 24 hours".
	newPairPhrase(`\b`+pressureVerb+`\w*`, 60, urgentWord, evSecond, urgencyNot).needs(urgentAnchors...),
	newPairPhrase(urgentWord, 40, pressureVerb, evFirst, urgencyNot).needs(pressureAnchors...),
	newPhrase(`(?:尽快|马上|紧急|立即|立刻|赶紧|今天之内|今天内)[^。！？\n]{0,12}?(?:安排付款|付款|支付|汇款|转账|打款|付定金|付尾款|安排付|付清|付)|(?:付款|支付|汇款|转账|打款|尾款|定金|余款)[^。！？\n]{0,12}?(?:尽快|马上|紧急|立即|立刻|今天之内|今天内)`,
		`发货|生产|回复你`),
	newPairPhrase(`(?:urgente|lo antes posible|cuanto antes|inmediatamente|de inmediato|hoy mismo|en 24 horas)`, 60, `(?:pag\w*|transf(?:er|ier)\w*|dep[oó]sit\w*|saldo|confirm\w*)`, evBoth,
		`env[ií]o|enviamos|producci[oó]n`),
	newPairPhrase(`(?:pag|transf(?:er|ier)|dep[oó]sit|saldo|confirm)\w*`, 60, `(?:urgente|lo antes posible|cuanto antes|inmediatamente|de inmediato|hoy mismo|en 24 horas)`, evBoth,
		`env[ií]o|enviamos|producci[oó]n`),
}

// urgencyPressure returns the urgency_pressure rule.
func urgencyPressure() advisor.Rule {
	return advisor.Rule{
		ID:       "urgency_pressure",
		Severity: advisor.SeverityMedium,
		Title:    "Pressure to pay quickly",
		Source:   "Pressure and Urgency Tactics",
		Advice: "Slow down: a real supplier can wait a day while you verify. Do not pay until you have confirmed the request in the Alibaba.com chat " +
			"and by phone on the number on their profile; a \"vessel leaves Friday\" or \"price only today\" deadline is a reason to check more, not less.",
		Trigger: "A payment or decision tied to a deadline or a threat: \"asap\", \"today\", \"within 24 hours\", \"or the container will miss the vessel\", " +
			"\"storage charges will be on your side\", \"price valid only today\" (尽快付款, 马上, \"urgente\", \"lo antes posible\").",
		Why:   "Urgency stops the buyer from checking; nearly every account-change and deposit scam adds a deadline.",
		Match: textMatch(urgency),
		Examples: []advisor.Example{
			{Text: "Kindly arrange the balance USD 23,400 to our new account below asap, otherwise container will miss the vessel this Friday",
				Evidence: "otherwise container will miss"},
			{Text: "need to reply in 48h and pay the registration fee or they approve the other company", Evidence: "in 48h"},
			{Text: "please pay the deposit today, price only valid for 24 hours", Evidence: "price only valid for 24 hours"},
			{Text: "请今天之内付清尾款，不然船期赶不上", Evidence: "今天之内付清"},
			{Text: "Favor de realizar el pago lo antes posible para no perder el espacio", Evidence: "pago lo antes posible"},
			{Text: "We will ship within 48 hours after payment, tracking number sent the same day.", Miss: true},
			{Text: "i need the goods urgently for a trade show, what is the fastest shipping?", Miss: true},
			{Text: "我们会尽快发货，请放心", Miss: true},
		},
	}
}

// --- vague_communication ----------------------------------------------------

// vague recognises evasive answers and a buyer's report of them.
var vague = phrases{
	newPhrase(`(?:vague|evasive|generic|copy-?paste[d]?|canned|scripted|unclear)\s+(?:\w+\s+)?(?:answers?|repl(?:y|ies)|responses?|messages?)`+
		`|(?:avoid\w*|dodg\w*|ignor\w*|skip\w*|never (?:answer\w*|address\w*))\s+(?:\w+\s+){0,2}?(?:my |the |our |all |any |every )?(?:questions?|question about|the question)`+
		`|(?:won'?t|will not|refuse[sd]? to|can'?t|cannot|doesn'?t|does not|didn'?t|did not|never)\s+(?:\w+\s+){0,2}?(?:tell|give|share|provide|say|answer|confirm|explain|show)\w*\s+(?:\w+\s+){0,3}?(?:(?:factory|company|business|office|exact|real) (?:address|name|location)|(?:the |their |his |her )?address|where (?:the|their|his|her) factory is|who (?:they|he|she) (?:are|is)|(?:a )?straight answer|(?:a )?clear answer)`+
		`|(?:keeps?|kept) changing (?:the |their |his |her )?(?:story|answers?|company name|address|excuses?|prices?)|changed (?:the |their |his |her )?story|no (?:clear|straight|direct) answers?`+
		`|(?:answers?|replies|repl(?:y|ies)|responses)\s+(?:are |is |were |was )?(?:always |very |so |really )?(?:vague|generic|evasive|unclear)`,
		`(?:not|never|wasn'?t|weren'?t|isn'?t)\s+(?:\w+\s+)?(?:vague|evasive)|`+questionNot),
	newPhrase(`答非所问|含糊其辞|含糊|回避(?:问题)?|支支吾吾|respuestas? (?:vagas?|evasivas?)|evita (?:mis|las|nuestras) preguntas`, ``),
}

// vagueCommunication returns the vague_communication rule.
func vagueCommunication() advisor.Rule {
	return advisor.Rule{
		ID:       "vague_communication",
		Severity: advisor.SeverityMedium,
		Title:    "Vague or evasive answers",
		Source:   "Vague or Evasive Communication",
		Advice: "Ask precise written questions in the Alibaba.com chat (factory address, company registration number, materials, lead time) and " +
			"do not pay until each has a clear answer you can check; evasive answers before payment get worse after it.",
		Trigger: "The supplier gives vague, generic or copy-pasted answers, avoids questions, will not name the factory or its address, or keeps " +
			"changing the story (答非所问, \"respuestas vagas\"); the buyer's description counts.",
		Why:   "A real manufacturer knows its product, address and capacity; evasiveness is how middlemen and fake stores hide what they are.",
		Match: textMatch(vague),
		Examples: []advisor.Example{
			{Text: "he avoids my questions about the factory and just sends the price list again", Evidence: "avoids my questions"},
			{Text: "they won't tell me the factory address, say 'it is secret for competition'", Evidence: "won't tell me the factory address"},
			{Text: "answers are always vague, copy paste style, no clear answer on the material", Evidence: "answers are always vague"},
			{Text: "问他材质和产地一直答非所问", Evidence: "答非所问"},
			{Text: "they answered all my questions about materials and lead time, very clear", Miss: true},
			{Text: "Product description is a bit vague on the Alibaba listing, I asked for the spec sheet and got it", Miss: true},
			{Text: "what questions should i ask a new supplier?", Miss: true},
		},
	}
}

// --- off_platform_chat ------------------------------------------------------

// messenger is the regexp fragment for chat apps and e-mail outside the platform.
const messenger = `(?:whats ?app|wechat|we chat|weixin|telegram|skype|viber|signal|line app|\bline\b|facebook|messenger|instagram|personal e-?mail|gmail|e-?mail|qq)`

// offPlatformChat recognises requests to continue on WhatsApp, WeChat, Telegram or e-mail.
var offPlatformChat = phrases{
	newPhrase(`(?:add|contact|reach|message|msg|text|call|chat with|talk to|write to|ping|find)\s+(?:me|us|him|her)\s+(?:on|via|at|through|by|in)\s+`+messenger+
		`|(?:add|contact|message|msg|text|call|ping|find)\s+(?:my|our)\s+(?:whats ?app|wechat|we chat|weixin|telegram|skype|viber|signal|line|qq)\b`+
		`|(?:move|continue|switch|take|go)\s+`+words3+`(?:to|on|onto|over to)\s+`+messenger+
		`|(?:let'?s|lets|we can|we could|better to|please|pls|plz|kindly)\s+(?:\w+\s+)?(?:talk|chat|continue|discuss|communicate|speak|contact)\s+`+words2+`(?:on|via|in|over|by)\s+`+messenger+
		`|(?:asked|asks|wants?|insist\w*|told)\s+(?:me|us)\s+to\s+(?:move|continue|talk|chat|switch|add|contact|go)\s+`+words3+messenger+
		`|\b(?:we|i)(?:'ve| have| had| were| are| was| am)(?: been)?\s+(?:chatting|talking|negotiating|communicating|discussing)\s+(?:\w+\s+)?(?:on|via|over|in)\s+`+messenger,
		`(?:keep|stay|only|always)\s+(?:\w+\s+){0,3}?(?:alibaba|platform|trademanager)|(?:refuse\w*|won'?t|will not|don'?t|do not|never)\s+(?:\w+\s+){0,2}?(?:move|add|talk|chat|use)|`+questionNot).
		needs("whatsapp", "whats app", "wechat", "we chat", "weixin", "telegram", "skype", "viber", "signal", "|line|", "facebook", "messenger", "instagram", "email", "e-mail", "gmail", "|qq|"),
	newPhrase(`(?:outside|off)\s+(?:of\s+)?(?:the\s+)?(?:alibaba|platform)\s+(?:chat|messages?|messenger|trademanager)|(?:alibaba|platform)\s+(?:chat|messenger|trade ?manager)\s+(?:is\s+)?(?:not working|broken|down|blocked|monitored|not convenient|inconvenient)`,
		`(?:keep|stay|only|always)\s+(?:\w+\s+){0,3}?(?:alibaba|platform)|`+questionNot),
	newPhrase(`加(?:我|一下)?(?:的)?(?:微信|whatsapp|qq|电报)|(?:微信|whatsapp)(?:上)?(?:聊|联系|沟通)|(?:escr[ií]beme|cont[aá]ctame|agr[eé]game|h[aá]blame|escr[ií]banos|cont[aá]ctanos)\s+(?:por|en|al)\s+(?:whatsapp|wechat|telegram|correo)`,
		``),
}

// offPlatformChatRule returns the off_platform_chat rule.
func offPlatformChatRule() advisor.Rule {
	return advisor.Rule{
		ID:       "off_platform_chat",
		Severity: advisor.SeverityMedium,
		Title:    "Conversation moved off the platform",
		Source:   "Moving the Conversation Off the Platform",
		Advice: "Keep price, specs, delivery dates and payment terms in the Alibaba.com chat or the Trade Assurance order: in a dispute only what is " +
			"on the platform counts as evidence by default. If you do use WhatsApp or WeChat, copy every agreement back into the Alibaba.com chat.",
		Trigger: "The supplier asks to continue on WhatsApp, WeChat, Telegram, Skype or e-mail (\"add me on WhatsApp\", \"let's talk on WeChat\", 加我微信, " +
			"\"escríbeme por WhatsApp\"), says the Alibaba chat \"is not working\", or the buyer says the deal was negotiated there.",
		Why: "Off-platform chats leave Alibaba.com without a record of what was agreed, which weakens a dispute; moving the buyer away is also the " +
			"first step of most payment-diversion scams.",
		Match: textMatch(offPlatformChat),
		Examples: []advisor.Example{
			{Text: "Dear, for fast communication pls add me on WhatsApp +86 138 2299 0011, Alibaba app is slow", Evidence: "add me on WhatsApp"},
			{Text: "he asked me to move the conversation to wechat because alibaba chat is monitored", Evidence: "asked me to move the conversation to wechat"},
			{Text: "let's talk on telegram, easier to send the bank details", Evidence: "let's talk on telegram"},
			{Text: "亲，加我微信详聊，阿里旺旺不常看", Evidence: "加我微信"},
			{Text: "Please keep all communication in the Alibaba chat so the Trade Assurance order has a record.", Miss: true},
			{Text: "Contact: Lily Wang, Sales Manager, Alibaba chat preferred, reply within 2h", Miss: true},
			{Text: "is it ok to talk to suppliers on wechat?", Miss: true},
		},
	}
}

// --- missing_documents ------------------------------------------------------

// missingDocs recognises a refused or missing proforma invoice, contract or business licence.
var missingDocs = phrases{
	newPhrase(`(?:\bno|without|never (?:sent|gave|provided|signed)|won'?t (?:send|sign|give|provide|issue|show)|will not (?:send|sign|give|provide|issue|show)|refus\w* to (?:send|sign|give|provide|issue|show)|(?:doesn'?t|does not|didn'?t|did not|don'?t|do not|can'?t|cannot) (?:send|sign|give|provide|issue|have|show))\s+(?:\w+\s+){0,2}?(?:a\s+|an\s+|any\s+|the\s+)?(?:pi\b|proforma(?: invoice)?|pro-?forma(?: invoice)?|invoice|contract|sales contract|purchase (?:contract|agreement)|written (?:contract|agreement)|business licen[cs]e|licen[cs]e|paperwork|company (?:documents|registration))`+
		`|(?:pi|proforma|invoice|contract|licen[cs]e|paperwork)\s+(?:is\s+|are\s+)?(?:not (?:needed|necessary|required)|no need|unnecessary)`,
		`no problem|no issue|(?:i|we) (?:don'?t|do not) have (?:a|an|the|our|any)|no (?:license|licence) (?:plate|key)|`+questionNot).
		needs("|pi|", "proforma", "pro-forma", "pro forma", "invoice", "contract", "agreement", "licence", "license", "paperwork", "document", "registration"),
	newPhrase(`(?:没有|不签|不给|不提供|不开)(?:合同|发票|形式发票|营业执照)|sin (?:contrato|factura|proforma)|no (?:firma|firman|env[ií]an?|quieren?|dan?)\s+(?:el |un |la |una )?(?:contrato|factura|licencia)`,
		``),
}

// missingDocuments returns the missing_documents rule.
func missingDocuments() advisor.Rule {
	return advisor.Rule{
		ID:       "missing_documents",
		Severity: advisor.SeverityMedium,
		Title:    "No proforma invoice, contract or business licence",
		Source:   "Missing Documents: Proforma Invoice, Contract and Business License",
		Advice: "Before paying, get a proforma invoice and a written contract in the supplier's registered company name (specs, quantity, price, " +
			"Incoterm, delivery date, quality standard, penalties), and a copy of the business licence you can check on the national registry.",
		Trigger: "The supplier will not issue a proforma invoice or contract, or show a business licence (\"no need PI, just pay\", \"we don't sign contract\", " +
			"没有合同, \"sin contrato\").",
		Why: "Without documents there is nothing to hold the supplier to and nothing for a Trade Assurance dispute or a court to enforce; a real " +
			"company issues them routinely.",
		Match: textMatch(missingDocs),
		Examples: []advisor.Example{
			{Text: "they say no need PI, just send the deposit and they start", Evidence: "no need PI"},
			{Text: "supplier refused to send business license, said it's confidential", Evidence: "refused to send business license"},
			{Text: "we don't sign contract with small customers, WhatsApp confirmation is enough", Evidence: "don't sign contract"},
			{Text: "他们说小单不签合同，直接打款就行", Evidence: "不签合同"},
			{Text: "PI attached, contract signed by both sides, business license checked on gsxt", Miss: true},
			{Text: "no problem, contract will be sent tomorrow for your signature", Miss: true},
			{Text: "what documents should i ask a supplier for?", Miss: true},
		},
	}
}
