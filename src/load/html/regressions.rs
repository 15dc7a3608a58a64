//! The failures of issue 17, each on a small page written to reproduce it (not a copy of the
//! site's page): article bodies under class words that used to hide them, lists and comment
//! sections that used to stay, a link cut out of its sentence, an entity run off its bytes.

use super::read;

/// Three paragraphs of article prose, as a news page has them.
const BODY: &str = "<p>The city council voted on Tuesday, after a long and heated debate, to close the \
old harbour bridge for repairs, a decision that will affect thousands of commuters.</p>\
<p>Engineers had warned for years that the steel supports, installed in 1962, were corroding \
faster than expected, and the last inspection found cracks in two of them.</p>\
<p>The mayor said the city would run extra ferries during the closure, which is expected to \
last eighteen months, and that tolls on the new bridge would be waived.</p>";

const GERMAN: &str = "<p>Der Gemeinderat hat am Dienstag, nach einer langen und hitzigen Debatte, \
beschlossen, die alte Hafenbrücke für Reparaturen zu sperren, was Tausende Pendler betrifft.</p>\
<p>Ingenieure hatten seit Jahren gewarnt, dass die Stahlstützen, die 1962 eingebaut wurden, \
schneller rosten als erwartet, und bei der letzten Prüfung fanden sich Risse.</p>\
<p>Der Bürgermeister sagte, die Stadt werde während der Sperrung, die achtzehn Monate dauern \
soll, zusätzliche Fähren einsetzen, und die Maut auf der neuen Brücke entfalle.</p>";

fn texts(src: &str) -> Vec<String> {
    read(src).blocks.into_iter().map(|b| b.text).collect()
}

fn page(inner: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Bridge closes</title></head><body>\
         <header><a href=\"/\">The Daily Paper</a></header>\
         <nav><ul><li><a href=\"/a\">Politics</a></li><li><a href=\"/b\">Sport</a></li></ul></nav>\
         {inner}<footer><p>© The Daily Paper, all rights reserved.</p></footer></body></html>"
    )
}

/// The whole article body is there, in order.
fn has_body(t: &[String], first: &str, last: &str) {
    let i = t.iter().position(|s| s.starts_with(first));
    let j = t.iter().position(|s| s.starts_with(last));
    assert!(
        i.is_some() && j.is_some() && i < j && j.map(|j| j - i.unwrap_or(0)) == Some(2),
        "article body missing: {t:?}"
    );
}

#[test]
fn a_body_inside_a_sidebar_class_is_read() {
    let t = texts(&page(&format!(
        "<main><h1>Bridge to close for repairs</h1>\
         <div class=\"l-sidebar-fixed l-article-body-segment\">{BODY}</div></main>"
    )));
    assert_eq!(t[0], "Bridge to close for repairs");
    has_body(&t, "The city council", "The mayor");
}

#[test]
fn a_body_inside_ad_margins_and_a_paywall_class_is_read() {
    let t = texts(&page(&format!(
        "<h1>Bridge to close for repairs</h1><div class=\"Page-ad-margins\">\
         <div class=\"ArticlePage-content paywall\">{BODY}</div></div>"
    )));
    has_body(&t, "The city council", "The mayor");
}

#[test]
fn a_body_inside_a_modal_class_is_read() {
    let t = texts(&page(&format!(
        "<h1>Bridge to close</h1><div class=\"box article modal-enabled\">{BODY}</div>"
    )));
    assert_eq!(t[0], "Bridge to close");
    has_body(&t, "The city council", "The mayor");
}

#[test]
fn a_body_inside_a_non_paywall_section_is_read_and_the_paywall_notice_goes() {
    let t = texts(&page(&format!(
        "<article><h1>Hafenbrücke wird gesperrt</h1><section class=\"non-paywall\">{GERMAN}</section>\
         <div class=\"paywall-notice\"><p>Jetzt abonnieren und weiterlesen: nur 1 Euro im ersten Monat.</p></div>\
         </article>"
    )));
    has_body(&t, "Der Gemeinderat", "Der Bürgermeister");
    assert!(!t.iter().any(|s| s.contains("abonnieren")), "{t:?}");
}

#[test]
fn a_body_inside_a_form_is_read() {
    let t = texts(&page(&format!(
        "<form action=\"/search\" id=\"site-form\"><div class=\"container\">\
         <h1>Bridge to close for repairs</h1><div class=\"wysiwyg\">{BODY}</div></div></form>"
    )));
    has_body(&t, "The city council", "The mayor");
}

#[test]
fn most_read_and_latest_comment_lists_and_a_comment_section_are_dropped() {
    let list = |title: &str, items: &[&str]| {
        let li: String = items
            .iter()
            .map(|i| format!("<li><a href=\"/x\">{i}</a></li>"))
            .collect();
        format!("<div class=\"box\"><h2>{title}</h2><ol>{li}</ol></div>")
    };
    let most_read = list(
        "Am meisten gelesen",
        &[
            "Neue Radwege in der Innenstadt geplant",
            "Feuerwehr rettet Katze vom Kirchturm",
            "Stadtfest lockt zehntausend Besucher an",
        ],
    );
    let comments_list = list(
        "Letzte Kommentare",
        &[
            "Peter M. zu Hafenbrücke wird gesperrt",
            "Anna K. zu Neue Radwege geplant",
        ],
    );
    let comment = |who: &str, text: &str| {
        format!(
            "<li class=\"comment-item\"><div class=\"meta\"><a href=\"/u\">{who}</a> \
             <span>vor 2 Stunden</span></div><p>{text}</p><a href=\"#reply\">Antworten</a></li>"
        )
    };
    let section = format!(
        "<div class=\"sect sect_commentlinks\"><h2>Kommentare</h2><ul>{}{}</ul></div>",
        comment(
            "Leser42",
            "Das war doch absehbar, die Brücke ist seit Jahren marode, und niemand hat etwas getan."
        ),
        comment(
            "Hafenkind",
            "Endlich, sage ich nur, aber warum erst jetzt, nach all den Warnungen der Ingenieure?"
        ),
    );
    let t = texts(&page(&format!(
        "<div class=\"article\"><h1>Hafenbrücke wird gesperrt</h1><div class=\"text\">{GERMAN}\
         {most_read}</div>{section}{comments_list}</div>"
    )));
    has_body(&t, "Der Gemeinderat", "Der Bürgermeister");
    for gone in [
        "Am meisten gelesen",
        "Feuerwehr",
        "Letzte Kommentare",
        "Peter M.",
        "Kommentare",
        "marode",
        "Antworten",
    ] {
        assert!(!t.iter().any(|s| s.contains(gone)), "{gone} kept: {t:?}");
    }
}

#[test]
fn a_link_inside_a_sentence_stays_in_it() {
    let t = texts(&page(&format!(
        "<article><h1>Brücke</h1>{GERMAN}<p>Die Mittel für die Reparatur kommen zum Teil aus der \
         <a class=\"o-link topic-teaser\" href=\"/thema/eu\">EU</a>.</p></article>"
    )));
    assert!(
        t.iter()
            .any(|s| s == "Die Mittel für die Reparatur kommen zum Teil aus der EU."),
        "{t:?}"
    );
}

#[test]
fn non_breaking_spaces_around_an_ampersand_decode_with_exact_ranges() {
    let src = page(&format!(
        "<article><h1>Bridge</h1>{BODY}<p>Smith&nbsp;&amp;&nbsp;Jones built the bridge in 1962.</p></article>"
    ));
    let html = read(&src);
    let b = html
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Smith"))
        .expect("the sentence is kept");
    assert!(
        b.text == "Smith\u{a0}&\u{a0}Jones built the bridge in 1962."
            || b.text == "Smith & Jones built the bridge in 1962.",
        "{:?}",
        b.text
    );
    assert_eq!(
        &src[b.map.range(0..b.text.len())],
        "Smith&nbsp;&amp;&nbsp;Jones built the bridge in 1962."
    );
    let amp = b.text.find('&').expect("&");
    assert_eq!(&src[b.map.range(amp..amp + 1)], "&amp;");
    let jones = b.text.find("Jones").expect("Jones");
    assert_eq!(&src[b.map.range(jones..jones + 5)], "Jones");
}

/// A landing page of two sections (an introduction with a notice, then a list of features):
/// Readability scores each section as one paragraph of all its text, so the element holding
/// both wins over the one notice with the longest paragraph.
#[test]
fn a_page_of_sections_is_read_whole_not_only_its_longest_paragraph() {
    let feature = |name: &str, text: &str| {
        format!("<li><h2>{name}</h2><p>{text}</p><a href=\"/{name}\">More</a></li>")
    };
    let src = page(&format!(
        "<main><section><header><h1>Welcome to the Garden Planner</h1>\
         <p>Get to know the tools that make planning a vegetable garden simple.</p></header><ul>{}{}</ul>\
         <div><h4>Important: back up your plans</h4><p>This version keeps plans in a new place, so \
         they do not mix with older ones. To keep your beds, notes and more, export them from the \
         old version, or sign in to an account, before you start.</p></div></section>\
         <section><div><header><h2>More tools</h2></header><ul>{}{}{}{}{}</ul></div></section></main>",
        feature(
            "Beds",
            "Draw raised beds and paths on a grid, and see how much soil each one will need."
        ),
        feature(
            "Calendar",
            "See when to sow and harvest each crop, for the frost dates where you live."
        ),
        feature(
            "Rotation",
            "Plan which family of crops goes where each year, so the soil stays healthy."
        ),
        feature(
            "Watering",
            "Group plants by how much water they need, and get a reminder on dry days."
        ),
        feature(
            "Seeds",
            "Keep a list of the seeds you have, with the year they were packed for you."
        ),
        feature(
            "Harvest",
            "Write down what each bed gave, in weight or in bunches, to compare years."
        ),
        feature(
            "Notes",
            "Add photos and notes to any bed, and find them again by date or by crop."
        ),
    ));
    let t = texts(&src);
    for part in [
        "Important: back up",
        "Draw raised beds",
        "Plan which family",
        "Add photos",
    ] {
        assert!(
            t.iter().any(|s| s.starts_with(part)),
            "{part} missing: {t:?}"
        );
    }
}

/// Readability counts the pieces a paragraph's commas cut it into, so a paragraph without a
/// comma scores 2 (plus its length), not 1.
#[test]
fn a_paragraph_without_commas_counts_as_one_piece() {
    use super::select::paragraph_score;
    assert_eq!(paragraph_score(90, 0), 2.0);
    assert_eq!(paragraph_score(150, 2), 5.0);
    assert_eq!(paragraph_score(1000, 0), 5.0);
}

/// A body split into parts of one class (here three chapters): the short ones join the long
/// one, as Readability's bonus for siblings of the same class has them.
#[test]
fn short_parts_of_the_same_class_join_the_longest() {
    let t = texts(&page(&format!(
        "<div><h1>Bridge to close</h1><div class=\"chapter\">{BODY}</div>\
         <div class=\"chapter\"><p>The first ferry will leave the old pier at six in the morning.</p></div>\
         <div class=\"chapter\"><p>Cyclists may still cross on the footway until the end of May.</p></div></div>"
    )));
    has_body(&t, "The city council", "The mayor");
    for part in ["The first ferry", "Cyclists may"] {
        assert!(
            t.iter().any(|s| s.starts_with(part)),
            "{part} missing: {t:?}"
        );
    }
}

/// A video player inside the article's body, in a wrapper whose class names a cover: its
/// controls and titles are no part of the article (Readability's unlikely candidates).
#[test]
fn a_player_in_an_unlikely_wrapper_inside_the_body_is_left_out() {
    let t = texts(&page(&format!(
        "<article><h1>Bridge to close</h1><div class=\"video-cover-wrap\"><div class=\"player\">\
         <div class=\"player-title\">Watch: how the old bridge was built in the sixties</div>\
         <div class=\"countdown\">Your video will play in 00:25</div></div></div>{BODY}\
         <p>Ferries will leave every twenty minutes from the old pier, starting at six in the \
         morning, and the last one will leave the city side at midnight.</p></article>"
    )));
    has_body(&t, "The city council", "The mayor");
    for gone in ["Watch: how", "Your video"] {
        assert!(!t.iter().any(|s| s.contains(gone)), "{gone} kept: {t:?}");
    }
}

/// A list of links inside the body (the bugs a release fixed, the people who helped) is part
/// of the article: Readability judges a list by its class and images, not by its links. The
/// lists of headlines around an article still go with the box that holds them (above).
#[test]
fn a_list_of_links_inside_the_body_stays() {
    let t = texts(&page(&format!(
        "<article><h1>Release notes</h1>{BODY}<h2>Fixed this week</h2><ul>\
         <li><a href=\"/b/1\">Bug 101</a> – <a href=\"/b/1\">Crash when printing two pages</a></li>\
         <li><a href=\"/b/2\">Bug 102</a> – <a href=\"/b/2\">Search box loses focus</a></li>\
         <li><a href=\"/b/3\">Bug 103</a> – <a href=\"/b/3\">Tabs reopen in the wrong order</a></li>\
         </ul><p>Thanks to everyone who reported and fixed these, and see you next week.</p></article>"
    )));
    has_body(&t, "The city council", "The mayor");
    for part in ["Bug 101", "Bug 103", "Thanks to everyone"] {
        assert!(t.iter().any(|s| s.contains(part)), "{part} missing: {t:?}");
    }
}

/// A figure's caption is part of the article, as Readability keeps it: the photo's subject
/// and credit stay between the paragraphs it illustrates.
#[test]
fn a_figure_caption_inside_the_body_is_read() {
    let t = texts(&page(&format!(
        "<article><h1>Bridge to close</h1>{BODY}<figure><img src=\"bridge.jpg\" alt=\"\">\
         <figcaption>The old harbour bridge in 1962, the year it opened.</figcaption></figure></article>"
    )));
    has_body(&t, "The city council", "The mayor");
    assert!(
        t.iter()
            .any(|s| s.starts_with("The old harbour bridge in 1962")),
        "{t:?}"
    );
}

/// A layout that says it has no sidebar (`no-sidebar`) holds the article: the negation names no
/// chrome, for the first reading's unlikely candidates as for class weights, so the article is
/// not set aside for the other stories beside it.
#[test]
fn a_body_inside_a_no_sidebar_layout_is_read_before_the_stories_beside_it() {
    let story = |title: &str| {
        format!(
            "<p>{title}: the council, after a long meeting on Monday, agreed to plant two hundred \
             trees along the river, to repair the footpaths, and to open a new playground.</p>"
        )
    };
    let others: String = ["Parks", "Schools", "Markets", "Buses"]
        .iter()
        .map(|t| story(t))
        .collect();
    let t = texts(&page(&format!(
        "<div class=\"layout no-sidebar\"><div class=\"story-wrap\"><h1>Bridge to close</h1>{BODY}\
         <p>Ferries will leave every twenty minutes from the old pier, starting at six in the \
         morning, and the last one will leave the city side at midnight.</p></div></div>\
         <div class=\"more\">{others}</div>"
    )));
    has_body(&t, "The city council", "The mayor");
}

/// A blog's title sits in `<header class="entry-header">`: the header is an unlikely candidate
/// for the body, yet its `h1` is still the article's headline.
#[test]
fn a_headline_in_an_entry_header_is_kept() {
    let t = texts(&page(&format!(
        "<div class=\"post\"><div class=\"entry-header\"><h1 class=\"entry-title\">Bridge to close</h1>\
         </div><div class=\"entry\">{BODY}</div></div>"
    )));
    assert_eq!(t[0], "Bridge to close");
    has_body(&t, "The city council", "The mayor");
}
