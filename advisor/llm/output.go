package llm

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"tradeguard/advisor"
)

// Errors for answers that are not used. Each means the extractive answer
// stays.
var (
	// ErrNoCitation: the answer cites none of the passages it was given.
	ErrNoCitation = errors.New("llm: answer cites no given passage")
	// ErrEmpty: the server returned no usable text.
	ErrEmpty = errors.New("llm: empty answer")
	// ErrCanary: the answer repeats the system prompt's canary (the prompt
	// leaked, most likely because a paste asked for it).
	ErrCanary = errors.New("llm: answer leaks the system prompt")
	// ErrUnsafeClaim: the answer contradicts the rules' findings (calls a
	// flagged supplier safe, claims an escalation happened…).
	ErrUnsafeClaim = errors.New("llm: answer contradicts the findings")
	// ErrEcho: the answer repeats the paste or the buyer's message at length,
	// or a block marker: a sign the model followed them instead of the guide.
	ErrEcho = errors.New("llm: answer echoes the supplier text")
)

// maxAnswerRunes caps the rendered answer.
const maxAnswerRunes = 2500

var (
	// [G1], [G1, G3], [G1][G2], [g2], [G 2]
	citeGroupRe = regexp.MustCompile(`\[\s*[Gg]\s*\d+(?:\s*[,;]\s*[Gg]?\s*\d+)*\s*\]`)
	citeIDRe    = regexp.MustCompile(`\d+`)

	// ![alt](url) images: removed outright (exfiltration by image fetch).
	mdImageRe = regexp.MustCompile(`!\[[^\]\n]*\]\([^)\n]*\)`)
	// [text](url) links (Markdown, Discord masked links).
	mdLinkRe = regexp.MustCompile(`\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"\n]*")?\s*\)`)
	// <url|text> and <url> (Slack link syntax), <!channel>, <@U123>, <#C1>, <@&role>, HTML tags.
	angleRe = regexp.MustCompile(`<([^<>\s][^<>\n]{0,500})>`)
	// Plain mentions.
	atMentionRe = regexp.MustCompile(`(?i)@+\s*(everyone|here|channel|all|room)\b`)
	// URLs with a scheme, www. hosts and bare domains with a plausible TLD.
	urlRe        = regexp.MustCompile(`(?i)\b(?:(?:https?|ftp|file|data|javascript|mailto|tel|ws|wss):/*[^\s<>"'\)\]]+|www\.[^\s<>"'\)\]]+)`)
	domainRe     = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b(?:/[^\s<>"'\)\]]*)?`)
	punctSpaceRe = regexp.MustCompile(`[ \t]+([,.;:!?])`)
	punctRunRe   = regexp.MustCompile(`([,;:])(?:[ \t]*[,;:])+`)
)

// Claims an answer must never make. The level, flags and escalation are the
// rules' to decide and are rendered by TradeGuard; the model cannot act.
// Patterns are narrow on purpose: a false match only costs fluency (the
// extractive answer stays), a missed one could tell a buyer to pay.
var (
	// verdictClaims contradict any red flag or a medium or worse verdict.
	verdictClaims = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:supplier|seller|vendor|company|factory|manufacturer|shop|store|offer|deal|account|invoice|they|this one)\s+(?:is|are|looks|seems|appears to be)\s+(?:completely |totally |perfectly |100% |fully |very |entirely |definitely |probably |quite )?(?:safe|legit|legitimate|trustworthy|genuine|low[- ]risk|risk[- ]free|not a scam|not risky|fine)\b`),
		regexp.MustCompile(`(?i)\b(?:no|zero) (?:red flags?|risks?|concerns?|warning signs?)\b`),
		regexp.MustCompile(`(?i)\b(?:go ahead and (?:pay|send|transfer|wire)|you can safely (?:pay|proceed|send|transfer|wire)|(?:nothing|no need) to worry|feel free to (?:pay|proceed|send|transfer|wire))\b`),
		regexp.MustCompile(`(?i)\b(?:ignore|disregard|dismiss) (?:the |these |those |all |any |this )?(?:warnings?|flags?|findings?|alerts?|risks?|verdict)\b`),
	}
	// levelClaims contradict a medium, high or critical level.
	levelClaims = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:risk|level|score|verdict)\s+(?:is|has been|was|should be)\s+(?:now\s+)?(?:changed|lowered|reduced|downgraded|updated|overridden|none|zero|low|minimal)\b`),
	}
	// actionClaims say the model did something it cannot do; never allowed.
	actionClaims = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:i|we)\s+(?:have\s+|'ve\s+|already\s+)?(?:escalated|notified|alerted|forwarded|reported|flagged)\b`),
		regexp.MustCompile(`(?i)\b(?:case|this|it|your case|the matter)\s+(?:has been|was|is being)\s+(?:escalated|forwarded|submitted|sent to (?:the )?(?:lawyers?|legal|ac&e))\b`),
		regexp.MustCompile(`(?i)\b(?:lawyers?|legal team|ac&e)\s+(?:has|have)\s+(?:been\s+)?(?:notified|alerted|contacted|informed)\b`),
		regexp.MustCompile(`(?i)\bACE-\d{4}-\d+`),
	}
	bareAtRe = regexp.MustCompile(`(^|[\s(\[{"'])@+([\p{L}\p{N}_.-]+)`)
)

// checked is a validated, plain-text answer.
type checked struct {
	answer    string
	citations []advisor.Citation
}

// checkAnswer validates and sanitises a model's raw answer against the
// prompt it was given. Order matters: the canary is looked for in the raw
// text (and with invisible characters removed) before anything is rewritten.
func checkAnswer(raw string, p *prompt, adv advisor.Advice) (checked, error) {
	text := clean(raw)
	if canaryIn(raw, p.canary) || canaryIn(text, p.canary) {
		return checked{}, ErrCanary
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return checked{}, ErrEmpty
	}
	if strings.Contains(text, p.tag) || strings.Contains(strings.ToUpper(text), "UNTRUSTED-") {
		return checked{}, ErrEcho
	}
	allowed := allowedLinks(p.passages)
	text = neutralise(text, allowed)
	text, cites := renumberCitations(text, p.passages)
	if len(cites) == 0 {
		return checked{}, ErrNoCitation
	}
	claims := append([]*regexp.Regexp(nil), actionClaims...)
	if len(adv.Flags) > 0 || adv.Level.Rank() >= advisor.LevelMedium.Rank() {
		claims = append(claims, verdictClaims...)
	}
	if adv.Level.Rank() >= advisor.LevelMedium.Rank() {
		claims = append(claims, levelClaims...)
	}
	if unsafeClaim(text, claims, p.passages) {
		return checked{}, ErrUnsafeClaim
	}
	if echoes(text, p.paste, p.passages) || echoes(text, p.question, p.passages) {
		return checked{}, ErrEcho
	}
	text = tidy(text)
	if r := []rune(text); len(r) > maxAnswerRunes {
		cut := string(r[:maxAnswerRunes])
		if k := strings.LastIndexAny(cut, ".!?\n"); k > len(cut)/2 {
			cut = cut[:k+1]
		}
		text = strings.TrimSpace(cut) + " …"
	}
	return checked{answer: text, citations: cites}, nil
}

// renumberedRe matches the citation markers renumberCitations writes.
var renumberedRe = regexp.MustCompile(`\[\d+(?:, \d+)*\]`)

// unsafeClaim reports whether text makes one of claims in its own words. A
// claim the passages contain together with the two words before it or the
// two words after it (the guide quoting a scammer's "report no risk") is the
// guide speaking, not the model.
func unsafeClaim(text string, claims []*regexp.Regexp, ps []advisor.Passage) bool {
	text = renumberedRe.ReplaceAllString(text, " ")
	var pt strings.Builder
	for _, p := range ps {
		pt.WriteString(" ")
		pt.WriteString(strings.Join(words(p.Text), " "))
		pt.WriteString(" |")
	}
	guide := pt.String()
	in := func(ws []string) bool { return strings.Contains(guide, " "+strings.Join(ws, " ")+" ") }
	for _, re := range claims {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			before, after := words(text[:loc[0]]), words(text[loc[1]:])
			claim := words(text[loc[0]:loc[1]])
			withBefore := append(append([]string(nil), before[max(0, len(before)-2):]...), claim...)
			withAfter := append(append([]string(nil), claim...), after[:min(2, len(after))]...)
			if len(before) >= 2 && in(withBefore) || len(after) >= 2 && in(withAfter) {
				continue
			}
			return true
		}
	}
	return false
}

// canaryIn reports whether s contains the canary, also when the model spaced
// or cased it differently.
func canaryIn(s, canary string) bool {
	if strings.Contains(s, canary) {
		return true
	}
	squash := func(x string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, x)
	}
	// The random part alone is enough to prove a leak.
	tail := canary[strings.LastIndexByte(canary, '-')+1:]
	return strings.Contains(squash(s), squash(tail))
}

// allowedLinks collects the URLs and domains that appear in the passages
// (lower-cased): only those may appear in an answer.
func allowedLinks(ps []advisor.Passage) map[string]bool {
	allowed := map[string]bool{}
	for _, p := range ps {
		for _, s := range []string{p.Title, p.Text} {
			for _, m := range urlRe.FindAllString(s, -1) {
				allowed[normLink(m)] = true
			}
			for _, m := range domainRe.FindAllString(s, -1) {
				allowed[normLink(m)] = true
			}
		}
	}
	return allowed
}

func normLink(s string) string {
	s = strings.ToLower(strings.TrimRight(s, ".,;:!?"))
	s = strings.TrimSuffix(s, "/")
	return s
}

// linkAllowed reports whether the link u appeared in the passages. The
// platform's name, "Alibaba.com", is always allowed as a word (no path).
func linkAllowed(u string, allowed map[string]bool) bool {
	n := normLink(u)
	return n == "alibaba.com" || allowed[n]
}

// neutralise makes text safe to post as plain text in Slack, Discord or a
// terminal: no images, no masked links, no mentions, no HTML, and no link or
// domain that the passages did not contain.
func neutralise(text string, allowed map[string]bool) string {
	text = mdImageRe.ReplaceAllString(text, "")
	text = mdLinkRe.ReplaceAllStringFunc(text, func(m string) string {
		sub := mdLinkRe.FindStringSubmatch(m)
		label, u := strings.TrimSpace(sub[1]), sub[2]
		if u != "" && linkAllowed(u, allowed) {
			if label == "" || strings.EqualFold(label, u) {
				return u
			}
			return label + " (" + u + ")"
		}
		return label
	})
	text = angleRe.ReplaceAllStringFunc(text, func(m string) string {
		inner := strings.TrimSpace(m[1 : len(m)-1])
		switch {
		case inner == "":
			return ""
		case strings.HasPrefix(inner, "!"), strings.HasPrefix(inner, "@"), strings.HasPrefix(inner, "#"),
			strings.HasPrefix(inner, "/"), strings.HasPrefix(inner, "t:"), strings.HasPrefix(inner, "a:"),
			strings.HasPrefix(inner, ":"):
			// Slack <!channel> <!here> <!subteam^…> <@U…> <#C…>; Discord
			// <@123> <@!123> <@&role> <#chan> </cmd:id> <t:…> <:emoji:id>; HTML closing tags.
			return ""
		}
		if i := strings.IndexByte(inner, '|'); i >= 0 {
			u, label := inner[:i], strings.TrimSpace(inner[i+1:])
			if linkAllowed(u, allowed) {
				return u
			}
			return label
		}
		if urlRe.MatchString(inner) && !strings.ContainsAny(inner, " =") {
			if linkAllowed(inner, allowed) {
				return inner
			}
			return ""
		}
		// Anything else in angle brackets is markup (<img src=…>, <system>): drop it.
		return ""
	})
	// Stray brackets that could start Slack syntax with the next message.
	text = strings.NewReplacer("<!", "", "<@", "", "<#", "").Replace(text)
	text = atMentionRe.ReplaceAllString(text, "$1")
	// A bare "@user" stays a word: the @ is dropped so no platform pings.
	text = bareAtRe.ReplaceAllString(text, "$1$2")
	text = urlRe.ReplaceAllStringFunc(text, func(u string) string {
		if linkAllowed(u, allowed) {
			return u
		}
		return "[link removed]"
	})
	text = domainRe.ReplaceAllStringFunc(text, func(d string) string {
		if !linkable(d) || linkAllowed(d, allowed) {
			return d
		}
		return "[link removed]"
	})
	return text
}

// linkable reports whether a dotted word would be turned into a link by a
// chat client: its last label is a country code (two letters) or a common
// generic top-level domain. "payment.md" (a guide file) and "john.smith" are
// not; ".md" is Moldova's TLD, but a link there still needs a scheme or www.
// to pass, and those are checked separately.
func linkable(d string) bool {
	host := strings.ToLower(d)
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if len(tld) == 2 {
		return tld != "md"
	}
	return gTLDs[tld]
}

// gTLDs are the generic top-level domains seen in scams and in everyday links.
var gTLDs = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`com net org info biz xyz top shop site online store app dev io club vip icu
		live pro link click space tech website cloud email group ltd company trade asia mobi name work world today
		global support services help page news blog market business finance bank pay money cash wang ren fun cyou
		buzz rest bar best beauty hair skin monster quest sbs cfd lol mom gdn tokyo ink win bid loan date faith
		review racing party science stream download accountant cricket men gov edu int mil`) {
		gTLDs[t] = true
	}
}

// renumberCitations keeps only citations of given passages, rewrites them as
// [1], [2]… in order of first use (matching the order of the returned
// citations, which is how front ends list sources), and drops the rest.
func renumberCitations(text string, ps []advisor.Passage) (string, []advisor.Citation) {
	byID := map[string]int{}
	for i, p := range ps {
		byID[strings.ToUpper(p.ID)] = i
	}
	order := map[int]int{}
	var cites []advisor.Citation
	out := citeGroupRe.ReplaceAllStringFunc(text, func(m string) string {
		var nums []string
		seen := map[int]bool{}
		for _, d := range citeIDRe.FindAllString(m, -1) {
			i, ok := byID["G"+strings.TrimLeft(d, "0")]
			if !ok || seen[i] {
				continue
			}
			seen[i] = true
			n, ok := order[i]
			if !ok {
				p := ps[i]
				cites = append(cites, advisor.Citation{Title: p.Title, Source: p.Source, Excerpt: p.Text, Updated: p.Updated})
				n = len(cites)
				order[i] = n
			}
			nums = append(nums, strconv.Itoa(n))
		}
		if len(nums) == 0 {
			return ""
		}
		return "[" + strings.Join(nums, ", ") + "]"
	})
	return out, cites
}

// echoes reports whether text repeats a run of echoWords words of the
// untrusted paste that the passages do not also contain.
func echoes(text, paste string, ps []advisor.Passage) bool {
	const echoWords = 10
	pw := words(paste)
	if len(pw) < echoWords {
		return false
	}
	grams := map[string]bool{}
	for i := 0; i+echoWords <= len(pw); i++ {
		grams[strings.Join(pw[i:i+echoWords], " ")] = true
	}
	var passText strings.Builder
	for _, p := range ps {
		passText.WriteString(strings.Join(words(p.Text), " "))
		passText.WriteString(" | ")
	}
	pt := passText.String()
	tw := words(text)
	for i := 0; i+echoWords <= len(tw); i++ {
		g := strings.Join(tw[i:i+echoWords], " ")
		if grams[g] && !strings.Contains(pt, g) {
			return true
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tidy collapses the blank runs that removals leave behind.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		l = punctSpaceRe.ReplaceAllString(l, "$1")
		l = punctRunRe.ReplaceAllString(l, "$1")
		l = strings.TrimLeft(l, ",;: ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
