"""Forms of the staff workflow in the admin: import, mention and fact review, the
intermediate pages of actions that need a choice."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.ingest import dedup
from articles.ingest.decode import MAX_PAGE_BYTES
from articles.models import Article, Citation, Mention, MentionKind, MentionMethod
from hospitals.models import Hospital
from programmes.models import ReviewStatus

MAX_UPLOAD_FILES = 20
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # one request, zips counted as uploaded
MAX_URLS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [self._clean_one(d, initial) for d in data]
        return [self._clean_one(data, initial)] if data else []

    def _clean_one(self, data, initial):
        # An empty file is one failed item of the run (the importer says why), not a
        # reason to refuse the other files of the upload.
        if getattr(data, "name", None) and getattr(data, "size", None) == 0:
            return data
        return super().clean(data, initial)


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("文件"),
        required=False,
        help_text=_("网页（.html/.htm/.txt）或一个 zip 压缩包；最多 %(files)d 个文件，合计不超过 %(mb)d MB")
        % {"files": MAX_UPLOAD_FILES, "mb": MAX_UPLOAD_BYTES // 1024 // 1024},
    )
    urls = forms.CharField(
        label=_("网址"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80, "placeholder": "https://…"}),
        help_text=_("每行一个 http(s) 网址，最多 %(n)d 个") % {"n": MAX_URLS},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                _("一次最多上传 %(max)d 个文件（收到 %(n)d 个）；批量导入请用命令行。")
                % {"max": MAX_UPLOAD_FILES, "n": len(files)}
            )
        total = sum(f.size for f in files)
        if total > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("上传合计 %(size).1f MB，超过 %(max)d MB 的上限；批量导入请用命令行。")
                % {"size": total / 1024 / 1024, "max": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        for f in files:
            if not f.name.lower().endswith(".zip") and f.size > MAX_PAGE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s 超过单页 %(max)d MB 的上限。")
                    % {"name": f.name, "max": MAX_PAGE_BYTES // 1_000_000}
                )
        return files

    def clean_urls(self):
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if len(lines) > MAX_URLS:
            raise forms.ValidationError(_("一次最多 %(max)d 个网址。") % {"max": MAX_URLS})
        bad = [line for line in lines if not line.startswith(("http://", "https://"))]
        if bad:
            raise forms.ValidationError(_("不是 http(s) 网址：%(urls)s") % {"urls": "、".join(bad[:3])})
        return lines

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("files") and not data.get("urls"):
            raise forms.ValidationError(_("请选择文件或填写网址。"))
        return data


TARGETS = {kind: kind for kind in MentionKind.values}  # the FK named by each kind


class MentionReviewForm(forms.ModelForm):
    """A mention in the article's review: confirm or reject it, or add a missed one by
    choosing its entity (the kind follows from the field chosen; offsets from the text)."""

    class Meta:
        model = Mention
        fields = ["surface", "status", "programme", "province", "division", "hospital", "project", "document"]
        widgets = {"status": forms.RadioSelect, "surface": forms.TextInput(attrs={"size": 14})}
        labels = {
            "surface": _("原文"),
            "status": _("审核"),
            "programme": _("项目"),
            "province": _("省份"),
            "division": _("地区"),
            "hospital": _("医院"),
            "project": _("建设项目"),
            "document": _("政策文件"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False
        if self.instance.pk is None:
            self.fields["status"].initial = ReviewStatus.CONFIRMED

    def clean(self):
        data = super().clean()
        chosen = [kind for kind in TARGETS if data.get(kind)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("请只选择一个实体（项目、省份、地区、医院、建设项目或政策文件之一）。")
            )
        self.instance.kind = chosen[0]
        if not data.get("status"):
            data["status"] = self.instance.status or ReviewStatus.CONFIRMED
        return data

    def save(self, commit=True):
        mention = super().save(commit=False)
        if mention.pk is None:  # added by staff
            mention.method = MentionMethod.STAFF
            body = mention.article.body if mention.article_id else ""
            surface = mention.surface or str(mention.target)
            mention.surface = surface[:100]
            if (at := body.find(surface)) >= 0:
                mention.start, mention.end = at, at + len(surface)
        if commit:
            mention.save()
        return mention


class CitationReviewForm(forms.ModelForm):
    """A fact cited by the article, with its review status editable in place."""

    fact_status = forms.ChoiceField(
        label=_("事实审核"), choices=ReviewStatus.choices, widget=forms.RadioSelect, required=False
    )

    class Meta:
        model = Citation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fact is not None:
            self.fields["fact_status"].initial = self.fact.status

    @property
    def fact(self):
        """The designation, event, figure or output→input pair this sentence is evidence of."""
        c = self.instance
        return (c.designation or c.event or c.figure or c.partnership) if c.pk else None

    def save(self, commit=True):
        citation = super().save(commit=commit)
        status = self.cleaned_data.get("fact_status")
        if self.fact is not None and status and status != self.fact.status:
            self.fact.status = status
            self.fact.save(update_fields=["status"])
        return citation


class HospitalChoiceForm(forms.Form):
    """The intermediate page of “add as an alias of…”."""

    hospital = forms.ModelChoiceField(
        label=_("医院"),
        queryset=Hospital.objects.select_related("province").order_by("province__code", "name"),
    )


def _https_urls(field, **kwargs):
    """Model fields → form fields, URLs assuming https (Django 6's default) when typed bare."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ArticleReviewForm(forms.ModelForm):
    """The article's extracted fields, as staff correct them. Browsers send a textarea's
    line breaks as CRLF; the body is kept with LF, as the importer stores it, so that
    saving the form does not shift every mention's offsets."""

    class Meta:
        model = Article
        formfield_callback = _https_urls
        fields = [
            "title",
            "slug",
            "url",
            "published_at",
            "published_precision",
            "date_inferred",
            "outlet",
            "original_outlet",
            "reporter",
            "body",
            "duplicate_of",
        ]

    def clean_body(self) -> str:
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def clean(self):
        data = super().clean()
        body = data.get("body")
        if body is not None and "body" in self.changed_data:
            digest = dedup.content_hash(body)
            twin = Article.objects.filter(content_hash=digest, duplicate_of__isnull=True).exclude(
                pk=self.instance.pk
            )
            if not data.get("duplicate_of") and (other := twin.first()):
                raise forms.ValidationError(
                    _("正文与文章 #%(pk)d《%(title)s》相同；请把本文标为它的转载。")
                    % {"pk": other.pk, "title": other.title}
                )
            self.instance.content_hash = digest
            self.instance.simhash = dedup.simhash(body)
        return data
