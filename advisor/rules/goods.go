package rules

import "tradeguard/advisor"

// Goods rules: what is being bought and whether it can be checked.

// --- customized_goods_excluded ----------------------------------------------

// customized recognises customised/OEM goods, which Trade Assurance protects only as the order specifies.
var customized = phrases{
	newPhrase(`custom(?:i[sz]ed|i[sz]e|i[sz]ing|i[sz]ation)?\s+(?:\w+\s+){0,2}?(?:logo|logos|printing|printed|print|design|designs|packaging|package|box|boxes|colou?rs?|sizes?|mou?ld|label|labels|tags?|made|order|orders|products?|goods|items?|samples?|artwork|pattern|shape|dimensions?|embroidery|engraving)\b`+
		`|\b(?:oem|odm)\b(?:\s+(?:order|service|production|design|project))?|private[- ]label(?:l?ing)?|(?:made|built|produced) to (?:order|spec|specification|our (?:design|drawings?|specs?))`+
		`|(?:with|print|printing|add|put|engrave\w*|emboss\w*|laser)\s+(?:our|my|the buyer'?s?|your)\s+(?:own\s+)?(?:logo|brand|design|artwork)`,
		`\b(?:no|not|without|non)[- ](?:custom|logo|oem|customi)|in stock|stock (?:item|model)|standard (?:model|item|product)|customs|customer|`+questionNot),
	newPhrase(`定制|定做|来图(?:加工|定制)?|来样(?:加工|定制)?|贴牌|personalizad[oa]s?|con (?:nuestro|mi|su) (?:propio )?logo|a medida`, ``),
}

// customizedGoods returns the customized_goods_excluded rule.
func customizedGoods() advisor.Rule {
	return advisor.Rule{
		ID:       "customized_goods_excluded",
		Severity: advisor.SeverityLow,
		Title:    "Customized goods: cover depends on the written spec",
		Source:   "Customized Goods and Trade Assurance",
		Advice: "For custom or OEM goods, attach the drawings, materials, colours (Pantone), tolerances and approved-sample photos to the Trade " +
			"Assurance order itself, and agree a pre-shipment inspection against them; without a written spec a quality dispute is hard to win, " +
			"and custom goods are rarely returnable.",
		Trigger: "The order is customised: custom logo, printing or packaging, OEM/ODM, private label, made to the buyer's drawings (定制, 贴牌, \"personalizado\").",
		Why: "Trade Assurance judges quality against what the contract says; custom goods have no public standard to fall back on and cannot be " +
			"resold, so some guides treat them as excluded or hard to claim.",
		Match: textMatch(customized),
		Examples: []advisor.Example{
			{Text: "we then added a custom printed gift box + insert, now they re-quote $3.95 before PO", Evidence: "custom printed"},
			{Text: "OEM order 5,000 pcs, with our logo on the lid and our own colour box", Evidence: "OEM order"},
			{Text: "private label yoga mats, made to our drawings, 3 colours", Evidence: "private label"},
			{Text: "需要定制logo和包装盒，3000个", Evidence: "定制"},
			{Text: "Standard model, in stock, no logo, ships in 3 days", Miss: true},
			{Text: "customs clearance is on the buyer side, our customer service will help", Miss: true},
			{Text: "are customized goods covered by trade assurance?", Miss: true},
		},
	}
}

// --- intangible_goods_excluded ----------------------------------------------

// intangible recognises services, fees and registrations that Trade Assurance does not cover.
var intangible = phrases{newPhrase(`(?:domain|domain name|trade ?mark|brand|keyword|internet keyword|company)\s+(?:name\s+)?registration|registration (?:fee|charge|cost)s?`+
	`|(?:design|consulting|consultancy|sourcing|agent|agency|membership|certification|verification|handling|processing|release|unlock|activation|licen[cs]e|listing|service|seo|marketing)\s+(?:fee|fees|charge|charges)\b`+
	`|\bsoftware\b|licen[cs]e (?:key|code)s?|digital (?:goods|products?|download|files?|codes?)|subscriptions?|(?:seo|marketing|web ?design|app development|translation|consulting|installation|sourcing|design) services?|e-?books?|online courses?`+
	`|域名注册|注册费|服务费|软件|tarifa de (?:registro|servicio)|registro de dominio`,
	`customer service|after-?sales|(?:machine|device|controller|hardware|equipment|built-?in|pre-?installed|includes?|included|compatible|with free|free)\b[^.\n]{0,20}software|software[^.\n]{0,20}(?:included|controlled|control|pre-?installed|for the machine|update)|sample (?:fee|cost)|shipping|freight|`+questionNot)}

// intangibleGoods returns the intangible_goods_excluded rule.
func intangibleGoods() advisor.Rule {
	return advisor.Rule{
		ID:       "intangible_goods_excluded",
		Severity: advisor.SeverityMedium,
		Title:    "Intangible goods or services: not covered",
		Source:   "Intangible Goods, Services and Samples",
		Advice: "Trade Assurance covers physical goods shipped to you, not services, software, registrations or fees. Do not pay such a fee to someone " +
			"who contacted you; check any \"registration\" claim directly with the registrar or a lawyer, and pay service providers you chose yourself.",
		Trigger: "The payment is for something intangible: a domain, trademark or keyword registration fee, a service, design, agent, release or unlock fee, " +
			"software or licence keys, digital goods, subscriptions.",
		Why:   "Nothing is shipped, so there is no shipment date, inspection or delivery to dispute; fee-for-registration and release-fee scams rely on this gap.",
		Match: textMatch(intangible),
		Examples: []advisor.Example{
			{Text: "weird email from a 'Shanghai domain registration center': a client applied to register ourbrand.cn, need to reply in 48h and pay the registration fee",
				Evidence: "domain registration"},
			{Text: "they want a $450 design fee before making the mould drawings", Evidence: "design fee"},
			{Text: "selling Windows 11 Pro license keys, 500 pcs at $2.10, pay by TT", Evidence: "license keys"},
			{Text: "the agent asks for a release fee of $320 to get the container out", Evidence: "release fee"},
			{Text: "CNC router with DSP controller and free software, 1 set, $6,800 via Trade Assurance", Miss: true},
			{Text: "Our customer service team answers within 2 hours; sample fee $50 refundable", Miss: true},
			{Text: "does trade assurance cover services?", Miss: true},
		},
	}
}

// --- stock_photos -----------------------------------------------------------

// stockPhotos recognises stock, stolen or unverifiable product photos, and refused live video.
var stockPhotos = phrases{
	newPhrase(`(?:photos?|pictures?|pics?|images?)\s+(?:are|were|look|looks)\s+(?:exactly\s+)?(?:the\s+)?same\s+(?:as\s+)?(?:on\s+|in\s+|at\s+)?(?:other|another|\d+|several|many|those|a dozen)`,
		questionNot).needs("same"),
	newPhrase(`stock (?:photos?|images?|pictures?|pics?|imagery|renders?|photography)`,
		`(?:not|no|aren'?t|isn'?t|weren'?t|wasn'?t|never)\s+(?:just\s+)?(?:\w+\s+)?stock (?:photo|image|picture|pic)|`+questionNot),
	newPhrase(`(?:photos?|pictures?|pics?|images?)\s+`+words3+`(?:copied|stolen|taken|lifted|borrowed)\s+from|(?:same|identical|exact same)\s+(?:product\s+)?(?:photos?|pictures?|pics?|images?)\s+(?:as|on|used by|like)\s+(?:other|another|\d+|several|many|a (?:different|dozen))`+
		`|reverse image search|google (?:image search|lens)|tineye`+
		`|(?:won'?t|will not|refuse[sd]? to|can'?t|cannot|couldn'?t|never)\s+(?:\w+\s+){0,2}?(?:send|show|provide|share|take|give)\s+(?:\w+\s+){0,2}?(?:real|actual|own|live|new|production|factory|original)\s+(?:photos?|pictures?|pics?|videos?|images?)`+
		`|(?:no|without) (?:real|actual)\s+(?:photos?|pictures?|pics?)|(?:watermark|logo) (?:of|from) (?:another|a different|other|an other) (?:company|store|supplier|site|brand)`,
		questionNot),
	newPhrase(`网图|盗图|fotos? (?:de stock|de internet|de banco|copiadas)|im[aá]genes (?:de stock|de internet|copiadas)`, ``),
}

// stockPhotosRule returns the stock_photos rule.
func stockPhotosRule() advisor.Rule {
	return advisor.Rule{
		ID:       "stock_photos",
		Severity: advisor.SeverityMedium,
		Title:    "Stock or copied product photos",
		Source:   "Stock Photos and Unverifiable Products",
		Advice: "Ask for a short video of the actual product next to a note with your name and today's date, then order a sample. " +
			"Run a reverse image search on the listing photos; if the same pictures appear in other stores, treat the listing as unproven.",
		Trigger: "The paste (or the buyer) says the photos are stock images, copied from other stores or sites, identical to other listings, or that " +
			"the supplier will not send real photos or a video (网图, \"fotos de internet\").",
		Why:   "A supplier who cannot show the product may not have it; copied photos are how fake stores list goods they never made.",
		Match: textMatch(stockPhotos),
		Examples: []advisor.Example{
			{Text: "the photos look like stock images tbh, same pics are on 3 other stores", Evidence: "stock images"},
			{Text: "did a reverse image search and the pictures are from an amazon listing", Evidence: "reverse image search"},
			{Text: "asked for a video of the machine running, he won't send real photos, only catalogue", Evidence: "won't send real photos"},
			{Text: "产品图片都是网图，问他要实拍一直拖", Evidence: "网图"},
			{Text: "stock samples free (max 2 pairs/style), buyer pays express", Miss: true},
			{Text: "They sent a video of the production line with today's date, not stock photos.", Miss: true},
			{Text: "we have 5,000 pcs in stock, photos attached", Miss: true},
		},
	}
}

// --- refuses_samples_or_inspection ------------------------------------------

// refusesChecks recognises a supplier refusing samples, factory audits or inspections.
var refusesChecks = phrases{
	newPhrase(`(?:refus\w*|declin\w*|reject\w*|won'?t|will not|wouldn'?t|would not|doesn'?t|does not|don'?t|do not|didn'?t|did not|can'?t|cannot|can not|not (?:allow\w*|accept\w*|possible|willing))\s+(?:\w+\s+){0,4}?(?:(?:a|an|any|the|our|my|third[- ]party|factory|pre-?shipment|video|live|independent|on-?site)\s+)*(?:inspections?|inspectors?|audits?|factory visits?|visits?|video calls?|video chat|facetime|samples?|lab test(?:ing|s)?|testing|qc|quality check)\b`+
		`|\bno\s+(?:samples?|inspection|factory visit|visits?|video calls?)\s+(?:allowed|possible|accepted|available|please)`,
		`\b(?:i|we) (?:can'?t|cannot|can not|couldn'?t|won'?t|will not|don'?t|didn'?t|do not|did not)\b|(?:didn'?t|did not|never|no one|nobody|won'?t)\s+(?:\w+\s+)?(?:refuse|reject|decline|mind)|\b(?:i|we) (?:don'?t|do not|didn'?t|did not)\s+(?:\w+\s+)?(?:need|want|require|order|ask)|for free|free of charge|sample (?:fee|cost|charge)|(?:agreed|happy|welcome|fine|ok|okay|no problem)\b|`+questionNot).
		needs("inspection", "inspector", "audit", "visit", "video", "facetime", "sample", "test", "|qc|", "quality check"),
	newPairPhrase(`(?:samples?|inspect\w*|lab|test\w*|audit\w*|visit\w*|video\w*|third[- ]party)`, 80, `(?:not necessary|no need|unnecessary|not needed|not required)(?:,?\s+(?:the\s+)?(?:certificates?|certs?|reports?|photos?|videos?)\s+(?:is\s+|are\s+)?enough)?`, evSecond,
		`\b(?:i|we) (?:think|thought|said|told \w+)\s+(?:it'?s\s+|it is\s+)?(?:not necessary|no need|unnecessary)|`+questionNot).
		needs("not necessary", "no need", "unnecessary", "not needed", "not required"),
	newPhrase(`不(?:接受|同意|允许|能|可以|方便|给|让)(?:\S{0,4})?(?:验厂|验货|寄样|打样|视频|第三方检测|样品|看厂)|不需要(?:验货|样品|验厂|检测)|no (?:acepta|aceptan|permite|permiten|quiere|quieren|env[ií]a|env[ií]an|manda|mandan|hace|hacen)\w*\s+(?:\w+\s+){0,2}?(?:inspecci[oó]n|muestras?|videollamadas?|visitas?|auditor[ií]as?)`, ``),
}

// refusesSamplesOrInspection returns the refuses_samples_or_inspection rule.
func refusesSamplesOrInspection() advisor.Rule {
	return advisor.Rule{
		ID:       "refuses_samples_or_inspection",
		Severity: advisor.SeverityHigh,
		Title:    "Refuses samples, inspection, visit or video call",
		Source:   "Samples, Factory Audits and Pre-shipment Inspection",
		Advice: "Make a paid sample and a third-party pre-shipment inspection (SGS, Bureau Veritas, Intertek, QIMA) conditions of the order, written into " +
			"the Trade Assurance contract. A supplier that still refuses a sample, an inspection or a live video call should not get your deposit.",
		Trigger: "The supplier refuses or dodges samples, a third-party inspection, a factory audit or visit, independent lab testing or a live video call " +
			"(\"not necessary, certificate enough\", 不接受验货, \"no aceptan inspección\"); the buyer's own words count.",
		Why: "Inspection is the buyer's only proof of quality before the balance is paid and the main evidence in a Trade Assurance dispute; " +
			"genuine factories expect it.",
		Match: textMatch(refusesChecks),
		Examples: []advisor.Example{
			{Text: "when i said we'll send samples to our own lab (intertek) they said 'not necessary, certificate enough, many customers accept'",
				Evidence: "not necessary, certificate enough"},
			{Text: "he won't do a video call, always says the workshop is too noisy", Evidence: "won't do a video call"},
			{Text: "they refused an inspection before the balance, say their QC is enough", Evidence: "refused an inspection"},
			{Text: "工厂不接受第三方验货，说出货前会发视频", Evidence: "不接受第三方验货"},
			{Text: "el proveedor no acepta inspección antes del embarque", Evidence: "no acepta inspección"},
			{Text: "they agreed to the SGS inspection, no problem, booked for June 12", Miss: true},
			{Text: "we don't need samples, it's a repeat order of the same model", Miss: true},
			{Text: "Sorry we cannot send samples for free, sample fee $50 refundable on order", Miss: true},
		},
	}
}

// --- counterfeit_ip_risk ----------------------------------------------------

// brandNames is the regexp fragment for brands commonly counterfeited.
const brandNames = `nike|adidas|jordans?|yeezy|puma|new balance|converse|vans|apple|iphone|ipad|airpods|macbook|samsung|galaxy|sony|playstation|ps5|nintendo|rolex|omega|cartier|patek|louis vuitton|\blv\b|gucci|chanel|dior|prada|herm[eè]s|balenciaga|burberry|versace|fendi|supreme|north face|lululemon|ray-?ban|oakley|beats|\bjbl\b|bose|dyson|disney|pok[eé]mon|lego|stanley|owala|hydro ?flask|yeti|michael kors|coach|pandora|tiffany|moncler|canada goose|ugg|crocs|marvel|hello kitty|labubu|pop ?mart`

// brandNot suppresses compatible parts, accessories "for" a brand and authorised dealers.
const brandNot = `compatible|replacement for|fits? (?:for )?(?:` + brandNames + `)|for (?:` + brandNames + `)\b|case for|authori[sz]ed (?:dealer|distributor|reseller)|` + questionNot

// ipHarm is the regexp fragment for harm to the buyer's own intellectual property.
const ipHarm = `(?:registered by|squat\w*|copied|copying|stolen|stole|infring\w*|knock\w*|without (?:our |my )?(?:permission|authori[sz]ation|licen[cs]e)|sold by (?:other|another|two|three|\d+|several|many)|on alibaba|being sold|selling it|held|seized|detained|blocked)`

// counterfeit recognises replica branded goods and copied or squatted trademarks and designs.
var counterfeit = phrases{
	// Replica offers.
	newPhrase(`\b(?:replicas?|1:1 (?:copy|replica|quality|version)|one to one copy|aaa+\s*(?:quality|grade|replicas?)|(?:grade|quality)\s*aaa+|super (?:copy|clone)|high (?:copy|imitation)|mirror (?:quality|copy|grade)|fake (?:brand\w*|logos?|branded|goods|products?|shoes|bags|watches)|counterfeits?|knock-?offs?|imitation (?:brand\w*|goods|products?|shoes|bags|watches)|clones? of|dupes?\b|copy (?:of|version of) (?:the )?(?:original|brand|famous)|same as (?:the )?original|original quality)`,
		`imitation (?:leather|pearls?|stone|wood|marble|gold|silk|suede|fur)|(?:copy|replica) of (?:your|our|my|the buyer'?s?) (?:own )?(?:sample|design|drawing|product)|(?:not|no|never)\s+(?:a\s+)?(?:replica|fake|counterfeit|copy)|`+questionNot),
	// Branded goods sold as "original" by a random supplier.
	newPhrase(`(?:original|genuine|authentic|100% real)\s+(?:\w+\s+)?(?:`+brandNames+`)`, brandNot),
	newPairPhrase(`(?:`+brandNames+`)`, 60, `(?:original|genuine|authentic|with (?:the )?(?:logo|box|tags)|brand logo|100% real)`, evBoth, brandNot),
	// The buyer's own IP is copied or registered by someone else.
	newPairPhrase(`(?:trade ?marks?|\btm\b|patents?|copyrights?|(?:our|my) (?:own )?(?:brand|logo|design|product design|designs|packaging))\b`, 80, ipHarm, evBoth,
		`(?:how|can|should)\s+(?:do\s+)?(?:i|we)\s+(?:register|protect|file)|`+questionNot),
	newPhrase(`(?:company|someone|somebody|they|squatters?|supplier|factory|agent|distributor|competitor|person)\s+(?:has |had |have )?(?:already )?(?:registered|filed|applied (?:for|to register))\s+`+words3+`(?:for|as|in china|trade ?marks?|\btm\b|brand|name)\b`+
		`|(?:registered|filed|squatted|copied|stole|stolen|selling|sells|sold)\s+(?:\w+\s+){0,3}?(?:our|my) (?:brand|trade ?mark|\btm\b|logo|design|patent|name)`,
		`(?:how|can|should)\s+(?:do\s+)?(?:i|we)\s+(?:register|protect|file)|`+questionNot).
		needs("registered", "filed", "applied", "squatted", "copied", "stole", "selling", "sells", "sold"),
	newPhrase(`高仿|复刻|假货|仿冒|山寨|原单|商标(?:被)?抢注|抢注|侵权|r[eé]plicas?|imitaci[oó]n(?:es)?|falsificad[oa]s?`, ``),
}

// counterfeitIPRisk returns the counterfeit_ip_risk rule.
func counterfeitIPRisk() advisor.Rule {
	return advisor.Rule{
		ID:       "counterfeit_ip_risk",
		Severity: advisor.SeverityHigh,
		Title:    "Counterfeit goods or intellectual-property risk",
		Source:   "Counterfeit and Branded Goods",
		Advice: "Do not buy branded goods from anyone but the brand or its authorised distributor: replicas are seized by customs, are not covered " +
			"by Trade Assurance, and expose you to fines. If your own brand or design is being copied or registered in China, talk to a China IP lawyer " +
			"before you complain to the platform — China is first-to-file, and registering your trademark there comes first.",
		Trigger: "Replica or \"1:1\", \"AAA quality\", \"original quality\" offers; famous brands sold as \"original\" by an ordinary supplier; or the buyer's " +
			"own trademark, patent, logo or design copied, registered by someone else or blocked at export (高仿, 抢注, \"réplica\").",
		Why: "Counterfeits are seized and can bring fines; and because China grants trademarks to whoever files first, a copier or squatter can " +
			"block the buyer's own goods from leaving China.",
		Match: textMatch(counterfeit),
		Examples: []advisor.Example{
			{Text: "we can do 1:1 copy of nike dunk, AAA quality, logo on box, $14/pair", Evidence: "1:1 copy"},
			{Text: "Original Apple AirPods Pro 2 with box, sealed, $19/pc MOQ 100", Evidence: "Original Apple AirPods"},
			{Text: "now our goods are held at export because a local company registered XYZ for shoes in china", Evidence: "company registered XYZ for"},
			{Text: "now i see our exact design, with our logo, on alibaba sold by two other stores", Evidence: "our logo, on alibaba"},
			{Text: "对方说是原单尾货，价格只有专柜的三成", Evidence: "原单"},
			{Text: "Phone cases compatible with Apple iPhone 15 Pro, TPU, $0.45/pc", Miss: true},
			{Text: "Sofa in imitation leather, 3 seats, custom colour", Miss: true},
			{Text: "how do I register my trademark in China before I start manufacturing?", Miss: true},
		},
	}
}

// --- suspicious_certificate -------------------------------------------------

// certWord is the regexp fragment for certificates and test reports.
const certWord = `(?:cert(?:ificate|ification)?s?|test reports?|lab reports?|reports?|test lab|\bce\b|\bfcc\b|\brohs\b|\biso\s*\d*|\bfda\b|\bul\b|\bsgs\b|\breach\b|\bmsds\b|\bcoa\b|\bemc\b|\blvd\b)`

// certDoubt is the regexp fragment for reasons to doubt a certificate.
const certDoubt = `(?:fake|forged|fraudulent|photoshop\w*|edited|altered|doctored|tampered|can'?t (?:find|verify|be verified|check)|cannot (?:find|verify|be verified)|couldn'?t (?:find|verify)|not (?:found|listed|valid|genuine|verifiable|registered|real)|no record|doesn'?t (?:exist|match|verify)|does not (?:exist|match)|is different|are different|different (?:model|company|product|name|address|item)|another (?:company|product|model)|expired|unknown lab|(?:some|a) (?:local|unknown|random|small) lab|self-?(?:issued|declared|made)|invalid|mismatch\w*|wrong (?:model|company|name))`

// certNot suppresses certificates that were checked and found valid.
const certNot = `(?:checks? out|is valid|was valid|are valid|genuine and|verified (?:it |them |the \w+ )?(?:on|at|with|online))|certificate of origin|` + questionNot

// suspiciousCert recognises certificates or test reports that look forged or belong to someone else.
var suspiciousCert = phrases{
	newPairPhrase(certWord, 80, certDoubt, evBoth, certNot),
	newPairPhrase(certDoubt, 60, certWord, evBoth, certNot),
	newPhrase(`\bfda\s+(?:certificate|certified|approved certificate|certification|approval certificate)`, questionNot),
	newPhrase(`(?:证书|报告)[^。！？\n]{0,10}(?:假的|伪造|查不到|过期|不一致|不符)|certificado\s+(?:\w+\s+){0,3}?(?:falso|falsificado|caducado|no (?:existe|coincide|aparece))`, ``),
}

// suspiciousCertificate returns the suspicious_certificate rule.
func suspiciousCertificate() advisor.Rule {
	return advisor.Rule{
		ID:       "suspicious_certificate",
		Severity: advisor.SeverityHigh,
		Title:    "Certificate or test report that does not check out",
		Source:   "Fake Certificates and Test Reports",
		Advice: "Verify the certificate number on the issuing lab's own website (SGS, TÜV, Intertek, BV), check that the company name, address and model " +
			"match your product, and test a sample at a lab you choose. An \"FDA certificate\" is a warning sign in itself: the FDA does not certify most products.",
		Trigger: "A certificate or test report that cannot be found or verified, comes from an unknown lab, names another model or company, is expired " +
			"or edited, or an \"FDA certificate\" (证书是假的, \"certificado falso\").",
		Why: "Copied or photoshopped certificates are common, and goods sold on a fake certificate can be refused at customs or recalled, with the " +
			"importer liable.",
		Match: textMatch(suspiciousCert),
		Examples: []advisor.Example{
			{Text: "kids toy supplier sent a CE cert PDF. the test lab is some local lab i can't find anywhere and the model on the cert is different from ours.",
				Evidence: "test lab is some local lab"},
			{Text: "the SGS report number doesn't exist on the SGS website", Evidence: "SGS report number doesn't exist"},
			{Text: "They have FDA certificate for the masks, see attached", Evidence: "FDA certificate"},
			{Text: "证书上的公司名和营业执照不一致", Evidence: "证书上的公司名和营业执照不一致"},
			{Text: "CE certificate issued by TÜV SÜD, I checked the number on their site and it is valid", Miss: true},
			{Text: "Certificate of origin (Form E) will be sent with the B/L", Miss: true},
			{Text: "how can i check if a CE certificate is real?", Miss: true},
		},
	}
}
