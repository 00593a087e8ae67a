package knowledge

import "strings"

// The domain thesaurus has two parts.
//
// abbreviations rewrite a folded word, or a pair of words, to canonical
// words. They apply to guides and queries alike, so "TA", "T/T" or "PI" match
// sections that spell the words out, and the other way round. Keys are
// folded surface words ("t/t") or two words joined by a space ("e mail").
//
// related adds weaker query terms for buyers' words that the guide says
// differently ("refund" also looks for "dispute", "WhatsApp" for "off the
// platform"). It applies to queries only, with weight relatedWeight, and is
// keyed by the stem of the buyer's word (or two stems joined by a space).
var abbreviations = map[string]string{
	// "Trade Assurance" is one term, so "trade" alone keeps its own meaning
	// ("trading company") instead of matching every section.
	"ta":                   "tradeassurance",
	"trade assurance":      "tradeassurance",
	"assurance":            "tradeassurance",
	"t/t":                  "wire transfer",
	"tt":                   "wire transfer",
	"telegraphic transfer": "wire transfer",
	"l/c":                  "letter of credit",
	"lc":                   "letter of credit",
	"lcs":                  "letters of credit",
	"pi":                   "proforma invoice",
	"pro forma":            "proforma",
	"ip":                   "intellectual property",
	"ipr":                  "intellectual property rights",
	"ac&e":                 "ace",
	"ac e":                 "ace",
	"e mail":               "email",
	"e mails":              "emails",
	"we chat":              "wechat",
	"whats app":            "whatsapp",
	"moq":                  "minimum order quantity",
	"psi":                  "pre shipment inspection",
	"qc":                   "quality control",
	"uscc":                 "unified social credit code",
	"wu":                   "western union",
	"b/l":                  "bill of lading",
	// Contractions typed without the apostrophe.
	"dont": "not", "doesnt": "not", "didnt": "not", "cant": "not", "wont": "not",
	"isnt": "not", "arent": "not", "wasnt": "not", "havent": "not", "hasnt": "not",
	// Misspellings buyers type often enough to name (others are caught by
	// the index's one-edit correction).
	"recieve": "receive", "recieved": "received", "wat": "what", "thru": "through",
	"reciept": "receipt", "garantee": "guarantee", "guarentee": "guarantee",
	// Spanish words buyers mix into English questions.
	"disputa": "dispute", "reclamo": "claim", "reclamacion": "claim", "reembolso": "refund",
	"proveedor": "supplier", "fabrica": "factory", "fabricante": "manufacturer",
	"pago": "payment", "pagar": "pay", "pague": "pay", "cuenta": "account", "bancaria": "bank", "banco": "bank",
	"tiempo": "time", "plazo": "deadline", "dias": "days", "abrir": "open", "mercancia": "goods",
	"recibir": "receive", "despues": "after", "antes": "before", "seguro": "safe", "estafa": "scam",
	"adelantado": "upfront", "anticipado": "upfront", "muestra": "sample", "muestras": "samples",
	"contrato": "contract", "factura": "invoice", "envio": "shipment", "calidad": "quality",
	"abogado": "lawyer", "marca": "brand", "cuanto": "how long",
}

// fillerWords are words buyers wrap questions in. They are rare in the
// guide, so plain BM25 would give them a high IDF and let them pick the
// section ("explain", "exactly"); in queries they weigh fillerWeight.
var fillerWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		actually really exactly explain explained like know knows want wants
		wanted need needs needed tell telling anyone anybody someone somebody
		something thing things way kind sort basically literally possible
		wonder wondering question questions ask asking asked guys hey
		think thought said says say mean means anything everything
		ever even still already maybe probably sure best good bad one
	`) {
		m[stem(w)] = true
	}
	return m
}()

// Query weights of filler words and of numbers ("3 weeks" should not pick
// the section that says "Step 3").
const (
	fillerWeight = 0.2
	numberWeight = 0.5
)

// stemAliases joins stems that Porter stemming leaves apart but that mean
// the same here ("shipping"/"shipment", "pay"/"payment"). Applied to guides
// and queries alike.
var stemAliases = map[string]string{
	"shipment":   "ship",
	"deliveri":   "deliv",
	"payment":    "pay",
	"registr":    "regist",
	"verif":      "verifi",
	"complaint":  "complain",
	"photograph": "photo",
}

// canonicalStem applies stemAliases.
func canonicalStem(st string) string {
	if a, ok := stemAliases[st]; ok {
		return a
	}
	return st
}

// relatedWeight is the weight of a related query term (an original term
// weighs 1).
const relatedWeight = 0.6

// related maps a buyer's word to guide words; see abbreviations.
var related = map[string]string{
	"refund":         "dispute claim",
	"claim":          "dispute",
	"complaint":      "dispute",
	"complain":       "dispute",
	"money back":     "refund dispute",
	"appeal":         "dispute rejected",
	"scam":           "fraud",
	"scammer":        "scam fraud",
	"fraudster":      "scam fraud",
	"fraud":          "scam",
	"cheat":          "scam fraud",
	"fake":           "counterfeit",
	"replica":        "counterfeit",
	"knockoff":       "counterfeit",
	"cheap":          "price low",
	"upfront":        "up front full payment",
	"advance":        "up front",
	"prepay":         "up front full payment",
	"prepayment":     "up front full payment",
	"whatsapp":       "off platform chat",
	"wechat":         "off platform chat",
	"skype":          "off platform chat",
	"telegram":       "off platform chat",
	"viber":          "off platform chat",
	"gmail":          "free email",
	"hotmail":        "free email",
	"yahoo":          "free email",
	"outlook":        "free email",
	"qq":             "free email",
	"lawyer":         "legal",
	"attorney":       "lawyer legal",
	"solicitor":      "lawyer legal",
	"sue":            "court",
	"lawsuit":        "court",
	"litigation":     "court",
	"cietac":         "arbitration",
	"arbitrator":     "arbitration",
	"brand":          "trademark",
	"logo":           "customized trademark",
	"copy":           "intellectual property design",
	"sgs":            "inspection report",
	"intertek":       "inspection report",
	"qima":           "inspection report",
	"inspector":      "inspection",
	"dhl":            "tracking shipping",
	"fedex":          "tracking shipping",
	"courier":        "tracking shipping",
	"fob":            "shipping terms incoterms",
	"exw":            "shipping terms incoterms",
	"cif":            "shipping terms incoterms",
	"ddp":            "shipping terms incoterms",
	"incoterm":       "shipping terms",
	"late":           "delay shipment date deadline",
	"week":           "days",
	"much":           "amount limit",
	"file":           "open",
	"worse":          "quality",
	"example":        "case cases lessons",
	"outside":        "off platform",
	"month":          "days",
	"delay":          "late shipment date",
	"broken":         "quality defect damaged",
	"damaged":        "quality defect",
	"defect":         "quality",
	"defective":      "quality defect",
	"typhoon":        "outside control force majeure",
	"earthquake":     "outside control force majeure",
	"flood":          "outside control force majeure",
	"lockdown":       "outside control force majeure",
	"pandemic":       "outside control force majeure",
	"covid":          "outside control force majeure",
	"strike":         "outside control force majeure",
	"war":            "outside control force majeure",
	"usdt":           "crypto",
	"bitcoin":        "crypto",
	"btc":            "crypto",
	"tether":         "crypto",
	"western union":  "money transfer",
	"moneygram":      "money transfer",
	"gift card":      "gift cards",
	"itunes":         "gift card",
	"wire":           "wire transfer bank",
	"bank transfer":  "wire transfer",
	"photo":          "photos images",
	"picture":        "photos images",
	"image":          "photos",
	"review":         "ratings reviews",
	"star":           "ratings reviews",
	"oem":            "customized",
	"odm":            "customized",
	"custom":         "customized",
	"personalized":   "customized",
	"bespoke":        "customized",
	"long":           "days deadline",
	"deadline":       "days",
	"urgent":         "pressure urgency",
	"hurry":          "pressure urgency",
	"asap":           "pressure urgency",
	"rush":           "pressure urgency",
	"today":          "pressure urgency",
	"agreement":      "contract",
	"chinese law":    "governing law",
	"license":        "registration",
	"registered":     "registration",
	"real":           "verify",
	"middleman":      "trading company",
	"trader":         "trading company",
	"reseller":       "trading company",
	"manufacturer":   "factory",
	"cert":           "certificate",
	"ce":             "certificate",
	"fda":            "certificate",
	"rohs":           "certificate",
	"website":        "domain site",
	"url":            "domain",
	"link":           "page domain",
	"impersonate":    "impersonated",
	"pretend":        "impersonated",
	"impostor":       "impersonated",
	"spoof":          "impersonated look-alike",
	"prompt":         "hidden instructions",
	"recall":         "recover",
	"chargeback":     "recover",
	"reverse":        "recover",
	"cousin":         "personal third-party",
	"friend":         "personal third-party",
	"relative":       "personal third-party",
	"wife":           "personal third-party",
	"brother":        "personal third-party",
	"private":        "personal",
	"individual":     "personal",
	"evasive":        "vague communication",
	"unresponsive":   "vague communication",
	"video call":     "communication",
	"protect":        "cover",
	"protected":      "covered",
	"qualify":        "eligible",
	"max":            "limit",
	"maximum":        "limit",
	"cap":            "limit",
	"ruling":         "decision",
	"decided":        "ruling",
	"mediate":        "mediation",
	"disappear":      "vanishing",
	"vanish":         "vanishing",
	"audited":        "audit",
	"nda":            "nnn disclosure",
	"nnn":            "disclosure circumvention",
	"non disclosure": "nnn",
	"circumvention":  "nnn",
}

// relatedStems is related with keys and values analysed to stems, built
// once at start-up.
var relatedStems = func() map[string][]string {
	m := make(map[string][]string, len(related))
	for k, v := range related {
		key := strings.Join(analyze(k), " ")
		if key == "" {
			continue
		}
		m[key] = append(m[key], analyze(v)...)
	}
	return m
}()

// abbreviationWords is abbreviations with the values split into words.
var abbreviationWords = func() map[string][]string {
	m := make(map[string][]string, len(abbreviations))
	for k, v := range abbreviations {
		m[k] = strings.Fields(v)
	}
	return m
}()

// Word classes, looked up once per word while analysing.
const (
	classStop      = 1 << iota // a stop word
	classAbbr                  // a key of abbreviations
	classPairFirst             // the first word of a two-word abbreviation
)

// wordClass maps the words that need more than "keep it" to their classes,
// so the common case costs one map lookup.
var wordClass = func() map[string]uint8 {
	m := map[string]uint8{}
	for w := range stopWords {
		m[w] |= classStop
	}
	for k := range abbreviations {
		if first, _, ok := strings.Cut(k, " "); ok {
			m[first] |= classPairFirst
		} else {
			m[k] |= classAbbr
		}
	}
	return m
}()

// analyze runs the whole analyzer over s and returns its terms (stems) in
// order. It allocates; the index uses cached paths instead.
func analyze(s string) []string {
	var out []string
	eachTerm(s, func(w string) { out = append(out, canonicalStem(stem(w))) })
	return out
}

// eachTerm calls fn with each folded, abbreviation-expanded, non-stop word of
// s (steps 1–5 of the analyzer; fn stems).
func eachTerm(s string, fn func(w string)) {
	var prev string
	havePrev := false // prev starts a two-word abbreviation, pending
	forEachWord(s, func(w string) {
		if havePrev {
			havePrev = false
			if repl, ok := abbreviationWords[prev+" "+w]; ok {
				emitWords(repl, fn)
				return
			}
			emitTerm(prev, wordClass[prev], fn)
		}
		c := wordClass[w]
		if c&classPairFirst != 0 {
			prev, havePrev = w, true
			return
		}
		emitTerm(w, c, fn)
	})
	if havePrev {
		emitTerm(prev, wordClass[prev], fn)
	}
}

// emitTerm emits w, of class c, unless it is a stop word or a single letter;
// an abbreviation emits its canonical words instead.
func emitTerm(w string, c uint8, fn func(string)) {
	switch {
	case c&classAbbr != 0:
		emitWords(abbreviationWords[w], fn)
	case c&classStop != 0:
	case len(w) == 1 && !('0' <= w[0] && w[0] <= '9'):
	default:
		fn(w)
	}
}

func emitWords(ws []string, fn func(string)) {
	for _, w := range ws {
		if keepWord(w) {
			fn(w)
		}
	}
}
